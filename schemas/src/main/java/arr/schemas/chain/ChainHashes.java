package arr.schemas.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 arithmetic of the tamper-evident chain, shared by the indexer (which writes links) and the
 * verifier (which recomputes them): {@code hash = SHA-256(previousHash || SHA-256(raw) || SHA-256(document))},
 * with the document in its canonical form ({@link CanonicalJson}) and without its {@code chain} field. The raw
 * bytes are hashed on their own as well as inside the document so that the chain commits to the message
 * exactly as received, whatever the document's encoding of it.
 */
public final class ChainHashes {

    private static final HexFormat HEX = HexFormat.of();

    private ChainHashes() {
    }

    /** The value a chain starts from: bound to its index and partition, so a chain moved elsewhere does not verify. */
    public static String genesis(String index, int partition) {
        return HEX.formatHex(sha256().digest(("arr-chain-v1|" + index + "|" + partition).getBytes(StandardCharsets.UTF_8)));
    }

    public static String link(String previousHash, byte[] raw, byte[] canonicalDocument) {
        return linkWithRawDigest(previousHash, rawDigest(raw), canonicalDocument);
    }

    /** SHA-256 of the raw message: computed by the collector as the bytes arrive, carried in the Kafka record. */
    public static byte[] rawDigest(byte[] raw) {
        return sha256().digest(raw);
    }

    /** {@link #link} for a raw message known by its {@link #rawDigest}. */
    public static String linkWithRawDigest(String previousHash, byte[] rawDigest, byte[] canonicalDocument) {
        MessageDigest digest = sha256();
        byte[] documentDigest = digest.digest(canonicalDocument);
        digest.update(HEX.parseHex(previousHash));
        digest.update(rawDigest);
        digest.update(documentDigest);
        return HEX.formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package arr.schemas.chain;

import arr.schemas.index.ChainLink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Joins a canonical document and its chain link into the {@code _source} sent to Elasticsearch, and takes
 * them apart again for verification. The link is added after hashing, so the hash covers everything else.
 */
public final class ChainedDocuments {

    private ChainedDocuments() {
    }

    /** The canonical document bytes with {@code "chain":{...}} added as its last property. */
    public static byte[] withLink(byte[] canonicalDocument, ChainLink link) {
        if (canonicalDocument.length < 2 || canonicalDocument[canonicalDocument.length - 1] != '}') {
            throw new IllegalArgumentException("not a JSON object");
        }
        byte[] chain = (",\"chain\":" + linkJson(link) + "}").getBytes(StandardCharsets.UTF_8);
        boolean empty = canonicalDocument.length == 2;
        byte[] out = Arrays.copyOf(canonicalDocument, canonicalDocument.length - 1 + chain.length - (empty ? 1 : 0));
        System.arraycopy(chain, empty ? 1 : 0, out, canonicalDocument.length - 1, chain.length - (empty ? 1 : 0));
        return out;
    }

    /**
     * The link as {@link CanonicalJson} writes it (keys sorted; hashes are hex, so nothing needs escaping), written
     * by hand because it runs for every document indexed.
     */
    static String linkJson(ChainLink link) {
        return "{\"hash\":\"" + link.hash() + "\",\"offset\":" + link.offset() + ",\"partition\":" + link.partition()
                + ",\"previousHash\":\"" + link.previousHash() + "\",\"sequence\":" + link.sequence() + "}";
    }

    /** A stored document as the verifier sees it: the canonical bytes it was hashed from, its raw message and its link. */
    public record Unpacked(byte[] canonicalDocument, byte[] raw, ChainLink link) {
    }

    /**
     * @return the parts, with a null link when the document carries none (an insertion), the raw bytes from
     *         {@code rawText} (as UTF-8) or else {@code raw} (base64), and empty raw bytes when it has neither
     */
    public static Unpacked unpack(JsonNode source) {
        ObjectNode copy = source.deepCopy();
        JsonNode chain = copy.remove("chain");
        JsonNode raw = copy.get("raw");
        JsonNode rawText = copy.get("rawText");
        ChainLink link = null;
        if (chain != null && chain.isObject()) {
            link = new ChainLink(chain.path("partition").asInt(-1), chain.path("offset").asLong(-1),
                    chain.path("sequence").asLong(-1), chain.path("hash").asText(""), chain.path("previousHash").asText(""));
        }
        byte[] rawBytes;
        if (rawText != null) {
            // Well-formed UTF-8 when stored, so its bytes are the message's: an edit changes them like any other.
            rawBytes = rawText.asText().getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                rawBytes = raw == null ? new byte[0] : Base64.getDecoder().decode(raw.asText());
            } catch (IllegalArgumentException e) {
                rawBytes = raw.asText().getBytes(StandardCharsets.UTF_8);
            }
        }
        return new Unpacked(CanonicalJson.of(copy), rawBytes, link);
    }
}

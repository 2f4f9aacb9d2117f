package arr.schemas.chain;

import arr.schemas.index.ChainLink;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Joins a canonical document and its chain link into the {@code _source} sent to Elasticsearch, and takes
 * them apart again for verification. The link is added after hashing, so the hash covers everything else.
 */
public final class ChainedDocuments {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ChainedDocuments() {
    }

    /**
     * The raw message of a document (its base64 {@code raw} property) read straight from its bytes, without building
     * the document: how the indexer hashes the message as received when the collector already made the document.
     *
     * @return the bytes, empty when the document has no {@code raw}
     * @throws IllegalArgumentException when the bytes are not a JSON object or {@code raw} is not base64
     */
    public static byte[] rawOf(byte[] document) {
        try (JsonParser parser = FACTORY.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("raw".equals(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new IllegalArgumentException("raw is not a base64 string");
                    }
                    // Decoded from the bytes in place (base64 is ASCII, so characters are bytes): several times
                    // cheaper than the parser's own base64 decoding, on the indexer's hottest path.
                    int start = (int) parser.currentTokenLocation().getByteOffset() + 1;
                    int length = parser.getTextLength();
                    if (start < 1 || start + length >= document.length || document[start + length] != '"') {
                        throw new IllegalArgumentException("raw is not plain base64");
                    }
                    ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(document, start, length));
                    byte[] raw = new byte[decoded.remaining()];
                    decoded.get(raw);
                    return raw;
                }
                parser.skipChildren();
            }
            return new byte[0];
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable JSON document: " + e.getMessage(), e);
        }
    }

    /** The canonical document bytes with {@code "chain":{...}} added as its last property. */
    public static byte[] withLink(byte[] canonicalDocument, ChainLink link) {
        if (canonicalDocument.length < 2 || canonicalDocument[canonicalDocument.length - 1] != '}') {
            throw new IllegalArgumentException("not a JSON object");
        }
        byte[] chain = (",\"chain\":" + new String(CanonicalJson.of(link), StandardCharsets.UTF_8) + "}")
                .getBytes(StandardCharsets.UTF_8);
        boolean empty = canonicalDocument.length == 2;
        byte[] out = Arrays.copyOf(canonicalDocument, canonicalDocument.length - 1 + chain.length - (empty ? 1 : 0));
        System.arraycopy(chain, empty ? 1 : 0, out, canonicalDocument.length - 1, chain.length - (empty ? 1 : 0));
        return out;
    }

    /** A stored document as the verifier sees it: the canonical bytes it was hashed from, its raw message and its link. */
    public record Unpacked(byte[] canonicalDocument, byte[] raw, ChainLink link) {
    }

    /**
     * @return the parts, with a null link when the document carries none (an insertion) and empty raw bytes
     *         when it has no {@code raw} field
     */
    public static Unpacked unpack(JsonNode source) {
        ObjectNode copy = source.deepCopy();
        JsonNode chain = copy.remove("chain");
        JsonNode raw = copy.get("raw");
        ChainLink link = null;
        if (chain != null && chain.isObject()) {
            link = new ChainLink(chain.path("partition").asInt(-1), chain.path("offset").asLong(-1),
                    chain.path("sequence").asLong(-1), chain.path("hash").asText(""), chain.path("previousHash").asText(""));
        }
        byte[] rawBytes;
        try {
            rawBytes = raw == null ? new byte[0] : Base64.getDecoder().decode(raw.asText());
        } catch (IllegalArgumentException e) {
            rawBytes = raw.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new Unpacked(CanonicalJson.of(copy), rawBytes, link);
    }
}

package arr.schemas.envelope;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Kafka value format of {@link AuditEnvelope}: UTF-8 JSON with a version field {@code v}.
 * A reader accepts every version up to its own and ignores fields it does not know (added in a later
 * minor change); an envelope of a newer major version is refused with {@link UnsupportedEnvelopeException}
 * so that it goes to the dead-letter topic rather than being misread.
 */
public final class EnvelopeCodec {

    private static final ObjectMapper JSON = mapper();

    private EnvelopeCodec() {
    }

    /** The shared JSON mapper: ISO-8601 times with the sender's offset kept, byte arrays as base64. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static byte[] encode(AuditEnvelope envelope) {
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode envelope " + envelope.id(), e);
        }
    }

    public static AuditEnvelope decode(byte[] value) {
        try {
            JsonNode tree = JSON.readTree(value);
            if (tree == null || !tree.isObject()) {
                throw new UnsupportedEnvelopeException("not a JSON object");
            }
            int version = tree.path("v").asInt(-1);
            if (version < 1 || version > AuditEnvelope.VERSION) {
                throw new UnsupportedEnvelopeException("envelope version " + tree.path("v")
                        + " is not supported (this reader handles 1.." + AuditEnvelope.VERSION + ")");
            }
            return JSON.treeToValue(tree, AuditEnvelope.class);
        } catch (IOException e) {
            throw new UnsupportedEnvelopeException("not a readable envelope: " + e.getMessage(), e);
        }
    }

    /** A Kafka value that is not an envelope this reader understands: a permanent failure, never retried. */
    public static final class UnsupportedEnvelopeException extends RuntimeException {

        public UnsupportedEnvelopeException(String message) {
            super(message);
        }

        public UnsupportedEnvelopeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

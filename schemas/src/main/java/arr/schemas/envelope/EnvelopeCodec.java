package arr.schemas.envelope;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The version 1 Kafka value of {@link AuditEnvelope}: UTF-8 JSON with a version field {@code v} (1). Written by
 * collectors before version 2 ({@link EnvelopeRecords}), so still read for as long as the topic keeps such records;
 * fields it does not know are ignored, and a value claiming another version is refused with
 * {@link UnsupportedEnvelopeException} so that it goes to the dead-letter topic rather than being misread.
 */
public final class EnvelopeCodec {

    /** The only version written in this form. */
    public static final int JSON_VERSION = 1;
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

    /** The JSON form, version 1 (what earlier collectors wrote; tests use it to prove such records still index). */
    public static byte[] encode(AuditEnvelope envelope) {
        try {
            return JSON.writeValueAsBytes(envelope.v() == JSON_VERSION ? envelope : new AuditEnvelope(JSON_VERSION, envelope.id(),
                    envelope.receivedAt(), envelope.raw(), envelope.rawSize(), envelope.transport(), envelope.validation(),
                    envelope.event()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode envelope " + envelope.id(), e);
        }
    }

    /**
     * Reads an envelope in one pass (the indexer's hottest path); the version is checked on the result, and only a
     * value that does not bind is read again as a tree to say why.
     */
    public static AuditEnvelope decode(byte[] value) {
        AuditEnvelope envelope;
        try {
            envelope = JSON.readValue(value, AuditEnvelope.class);
        } catch (IOException e) {
            throw unsupported(value, e);
        }
        if (envelope == null) {
            throw new UnsupportedEnvelopeException("not a JSON object");
        }
        if (envelope.v() != JSON_VERSION) {
            throw new UnsupportedEnvelopeException("envelope version " + envelope.v() + " is not supported in JSON form (only "
                    + JSON_VERSION + ")");
        }
        return envelope;
    }

    private static UnsupportedEnvelopeException unsupported(byte[] value, IOException cause) {
        try {
            JsonNode tree = JSON.readTree(value);
            if (tree != null && tree.isObject() && tree.path("v").asInt(1) != JSON_VERSION) {
                return new UnsupportedEnvelopeException("envelope version " + tree.path("v") + " is not supported in JSON form (only "
                        + JSON_VERSION + ")", cause);
            }
        } catch (IOException notJson) {
            // fall through: not JSON at all
        }
        return new UnsupportedEnvelopeException("not a readable envelope: " + cause.getMessage(), cause);
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

package arr.schemas.envelope;

import arr.schemas.event.AuditEvent;
import arr.schemas.validation.ValidationResult;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * What the collector writes to Kafka {@code audit.events} and the indexer reads: the bytes exactly as
 * received, when and how they arrived, and the verdict with the normalized event. Capture first, parse
 * later: every later stage can be replayed from it, and invalid input is never lost.
 *
 * @param v          the envelope format version ({@value #VERSION}); see {@link EnvelopeCodec}
 * @param id         assigned at receipt; the Elasticsearch document {@code _id}
 * @param receivedAt when the last byte arrived
 * @param raw        the syslog message as received, without transport framing (for an oversize
 *                   message, only its first bytes)
 * @param rawSize    how many bytes were received; larger than {@code raw.length} only when truncated
 * @param transport  protocol, peer, TLS subject, syslog header
 * @param validation status, dialect, EventID, issues
 * @param event      the normalized event; null when the status is {@code invalid}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEnvelope(
        int v,
        UUID id,
        Instant receivedAt,
        byte[] raw,
        long rawSize,
        Transport transport,
        ValidationResult validation,
        AuditEvent event) {

    public static final int VERSION = 5;

    /**
     * Version 4 records: the value was a document of schema 5 or 6, without the objects' types and roles (schema 7).
     * The indexer files it as it is, and marks its monthly index as holding documents without them
     * ({@code PartialFields}).
     */
    public static final int SCHEMA_6_DOCUMENT_VERSION = 4;

    /**
     * Version 3 records: the value was a document of schema 4, every message in {@code raw} (base64). Such a document
     * is also one of schema 5, and the indexer files it as it is.
     */
    public static final int SCHEMA_4_DOCUMENT_VERSION = 3;

    /**
     * Version 2 records: the value was the document of schema 3, which held the whole normalized event. Readers make
     * the current document from it ({@link EnvelopeRecords#read}); it is never passed through as it is.
     */
    public static final int SCHEMA_3_DOCUMENT_VERSION = 2;

    /**
     * The Kafka record header carrying the envelope ID (UTF-8), so that reconciliation counts envelopes, not
     * records, without decoding values. Publishers also set the record timestamp to {@link #receivedAt}.
     */
    public static final String ID_HEADER = "arr-envelope-id";

    /**
     * The Kafka record key (CONTRACT.md §3a): the AuditSourceID, or {@code peer:<address>} for a message
     * without one, so that one source's messages stay in order on one partition.
     */
    @JsonIgnore
    public String kafkaKey() {
        if (event != null) {
            String sourceId = event.source().map(s -> s.id()).orElse(null);
            if (sourceId != null && !sourceId.isBlank()) {
                return sourceId;
            }
        }
        return "peer:" + (transport == null || transport.peer() == null ? "unknown" : transport.peer());
    }

    /** MSG: the audit XML part of {@link #raw} (still with its BOM, if it had one). */
    @JsonIgnore
    public byte[] msg() {
        int offset = transport == null ? 0 : Math.min(transport.msgOffset(), raw.length);
        return Arrays.copyOfRange(raw, offset, raw.length);
    }
}

package arr.schemas.envelope;

import arr.schemas.index.AuditDocuments;
import arr.schemas.syslog.SyslogHeader;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import arr.schemas.validation.ValidationResult;
import arr.schemas.validation.ValidationStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Keeps every record of {@code audit.events} within what Kafka takes. A document repeats the values it searches
 * (participants, user-address pairs, free text) beside the message, and JSON escapes a character beyond the BMP in
 * twelve bytes: a 240 KB message of such values made a 2.4 MB record, which Kafka refuses for good, so the collector
 * would have retried it for ever and lost it at its next restart. A message whose record would be larger than
 * {@link #maxBytes} is published instead as {@code invalid}, with the issue {@link IssueCode#RECORD_TOO_LARGE}: kept
 * whole, in the quarantine, without its event fields, its scanned identifiers and the texts of its verdict and syslog
 * header cut to known lengths. That form is at most {@link #requiredBytes} of the message, so it always fits when the
 * longest message accepted fits ({@link #check}).
 *
 * @param maxBytes the largest record published as it is ({@link #size}: key, value, headers and Kafka's framing, before
 *                 compression), at most the topic's {@code max.message.bytes}
 */
public record RecordSizeLimit(int maxBytes) {

    /** Below Kafka's default {@code max.message.bytes} of 1,048,588, with room to spare. */
    public static final int DEFAULT_MAX_BYTES = 1_000_000;

    /**
     * The largest limit allowed: the indexer's dead letters ({@code DeadLetterTopic}, 8 MiB) hold a refused record in
     * base64, 4/3 of it, with its error, chain link and source; 64 KiB less than 6 MiB leaves them 85 KiB for that.
     */
    public static final int LARGEST_MAX_BYTES = 6 * 1024 * 1024 - 64 * 1024;

    /**
     * What Kafka counts of a record besides its key, value and headers, at most, for a batch of one record: the batch
     * header (61 bytes) and the lengths of the record and its headers, within 1 KiB; and the compression's framing of
     * a record that does not compress, within 0.1% of it (lz4 adds 4 bytes per 64 KiB block, zstd 3 per 128 KiB,
     * snappy about 10 per 32 KiB, gzip about 5 per 16 KiB). Counted ({@link #size}), so that a limit equal to the
     * topic's {@code max.message.bytes} is safe whatever the compression.
     */
    static final int FRAMING_BYTES = 1024;

    /** Characters kept of each issue's message and path, of each syslog header field and of the EventID code. */
    static final int KEPT_CHARS = 256;
    /** Characters kept of the TLS client certificate's subject. */
    static final int KEPT_SUBJECT_CHARS = 4096;
    /** Issues kept besides {@link IssueCode#RECORD_TOO_LARGE} (and one saying how many more there were). */
    static final int KEPT_ISSUES = 20;
    /** Characters of scanned identifiers kept of each kind (patients, audit sources). */
    static final int KEPT_IDENTIFIER_CHARS = 8192;
    /**
     * What the quarantine form holds besides the message, at most: each character it keeps takes at most six bytes in
     * JSON (a control character escaped, or half a surrogate pair), which bounds the issues (~70 KB), the identifiers
     * (~105 KB), the subject (~25 KB), the syslog header (~10 KB) and the rest; rounded up.
     */
    static final int OVERHEAD_BYTES = 256 * 1024;

    public RecordSizeLimit {
        if (maxBytes < requiredBytes(32_768) || maxBytes > LARGEST_MAX_BYTES) {
            throw new IllegalArgumentException("a record limit of " + maxBytes + " bytes is outside " + requiredBytes(32_768)
                    + " (the quarantine form of a message of DICOM's 32,768 octets) to " + LARGEST_MAX_BYTES
                    + " (what the indexer's dead letters hold)");
        }
    }

    /** The largest record the quarantine form of a message of {@code messageBytes} bytes can make, as {@link #size} counts. */
    public static long requiredBytes(long messageBytes) {
        // The message as text or base64: at most 4/3 of it (AuditDocuments.asText keeps text only within that).
        return framed((messageBytes + 2) / 3 * 4 + 16 + OVERHEAD_BYTES);
    }

    /**
     * @throws IllegalArgumentException naming {@code settings} when a message of {@code maxMessageBytes} could make a
     *                                  record that even its quarantine form does not bring under the limit
     */
    public void check(long maxMessageBytes, String settings) {
        if (requiredBytes(maxMessageBytes) > maxBytes) {
            throw new IllegalArgumentException(settings + ": a record limit of " + maxBytes + " bytes is too small for "
                    + "messages of " + maxMessageBytes + " bytes, whose quarantine form may take " + requiredBytes(maxMessageBytes)
                    + " bytes; raise the record limit (and the topic's max.message.bytes) or lower the message maximum");
        }
    }

    /**
     * What is published for an envelope.
     *
     * @param record      the record
     * @param envelope    the envelope it holds: the one given, or its quarantine form
     * @param tooLarge    whether it is the quarantine form ({@link IssueCode#RECORD_TOO_LARGE})
     * @param firstBytes  the size of the envelope's own record ({@link #size})
     * @param bytes       the size of the record published
     */
    public record Bounded(ProducerRecord<String, byte[]> record, AuditEnvelope envelope, boolean tooLarge, int firstBytes,
                          int bytes) {
    }

    /** The record of an envelope (already filed), or of its quarantine form when that record would be too large. */
    public Bounded record(String topic, AuditEnvelope envelope) {
        ProducerRecord<String, byte[]> record = EnvelopeRecords.producerRecord(topic, envelope);
        int size = size(record);
        if (fits(size)) {
            return new Bounded(record, envelope, false, size, size);
        }
        AuditEnvelope quarantined = quarantined(envelope, size);
        ProducerRecord<String, byte[]> kept = EnvelopeRecords.producerRecord(topic, quarantined,
                AuditDocuments.ofTooLarge(quarantined, KEPT_IDENTIFIER_CHARS));
        return new Bounded(kept, quarantined, true, size, size(kept));
    }

    /** Whether a record of {@link #size} bytes is published as it is. */
    public boolean fits(int size) {
        return size <= maxBytes;
    }

    /** Key, value and headers, and the most Kafka adds around one record ({@link #FRAMING_BYTES}), before compression. */
    public static int size(ProducerRecord<String, byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length)
                + (record.value() == null ? 0 : record.value().length);
        for (Header header : record.headers()) {
            size += header.key().getBytes(StandardCharsets.UTF_8).length + (header.value() == null ? 0 : header.value().length);
        }
        return (int) Math.min(Integer.MAX_VALUE, framed(size));
    }

    private static long framed(long content) {
        return content + FRAMING_BYTES + content / 1024;
    }

    AuditEnvelope quarantined(AuditEnvelope envelope, int recordBytes) {
        ValidationResult verdict = envelope.validation();
        List<Issue> issues = new ArrayList<>();
        issues.add(Issue.of(IssueCode.RECORD_TOO_LARGE, "its document would make a Kafka record of " + recordBytes
                + " bytes, more than the " + maxBytes + " allowed (arr.collector.kafka.max-record-bytes): the message is kept "
                + "whole, without its event fields; texts of the verdict and the syslog header are cut to " + KEPT_CHARS
                + " characters, and the identifiers read for legal holds to " + KEPT_IDENTIFIER_CHARS + " of each kind", "/"));
        for (Issue issue : verdict.issues().subList(0, Math.min(KEPT_ISSUES, verdict.issues().size()))) {
            issues.add(new Issue(issue.level(), issue.code(), cut(issue.message(), KEPT_CHARS), cut(issue.path(), KEPT_CHARS)));
        }
        if (verdict.issues().size() > KEPT_ISSUES) {
            issues.add(Issue.of(IssueCode.TOO_MANY_ISSUES, (verdict.issues().size() - KEPT_ISSUES)
                    + " more issues were not kept", "/"));
        }
        Transport transport = envelope.transport();
        Transport kept = transport == null ? null : new Transport(transport.protocol(), transport.peer(), transport.peerPort(),
                cut(transport.tlsSubject(), KEPT_SUBJECT_CHARS), cut(transport.syslog()), transport.msgOffset());
        return new AuditEnvelope(envelope.v(), envelope.id(), envelope.receivedAt(), envelope.raw(), envelope.rawSize(), kept,
                new ValidationResult(ValidationStatus.INVALID, verdict.dialect(), cut(verdict.eventId(), KEPT_CHARS), issues),
                null);
    }

    private static SyslogHeader cut(SyslogHeader h) {
        return h == null ? null : new SyslogHeader(h.pri(), h.facility(), h.severity(), h.version(), cut(h.timestamp(), KEPT_CHARS),
                cut(h.hostname(), KEPT_CHARS), cut(h.appName(), KEPT_CHARS), cut(h.procId(), KEPT_CHARS),
                cut(h.msgId(), KEPT_CHARS), cut(h.structuredData(), KEPT_CHARS), cut(h.format(), KEPT_CHARS));
    }

    /** The first {@code chars} characters and an ellipsis, never half a surrogate pair. */
    static String cut(String value, int chars) {
        if (value == null || value.length() <= chars) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(chars - 1)) ? chars - 1 : chars;
        return value.substring(0, end) + "…";
    }
}

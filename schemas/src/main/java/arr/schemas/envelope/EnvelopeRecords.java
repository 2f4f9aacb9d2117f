package arr.schemas.envelope;

import arr.schemas.chain.CanonicalJson;
import arr.schemas.chain.ChainHashes;
import arr.schemas.event.AuditEvent;
import arr.schemas.index.AuditDocument;
import arr.schemas.index.AuditDocuments;
import arr.schemas.index.EventPlacement;
import arr.schemas.index.PlacementRules;
import arr.schemas.index.RawEvents;
import arr.schemas.validation.ValidationStatus;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka record of an envelope, version 5: the value is the envelope's Elasticsearch document exactly as the
 * indexer stores it (canonical JSON, {@link AuditDocuments}, without its chain link), made once where the message
 * is validated; the headers carry what the indexer needs to file and chain it without reading the value: the
 * envelope ID, the format version, the validation status and the time that places it in its monthly index
 * ({@link EventPlacement}). The document holds the raw bytes, transport and verdict, and the normalized event is read
 * again from the raw bytes ({@link RawEvents}), so {@link #read} gives the envelope back.
 *
 * <p>Version 4 records are alike but hold a document of schema 5 or 6, without the objects' types and roles: the
 * indexer files it as it is and marks its month as holding documents without them. Version 3 records are alike but hold a document of schema 4 (every message in {@code raw}, base64), which is
 * also a document of schema 5 and is filed as it is. Version 2 records are alike but hold a document of schema 3 (the
 * whole normalized event), which the strict mapping refuses: readers make a document of schema 4's form (the message in
 * {@code raw}) from them. Records without a version header are version 1 (a JSON {@link AuditEnvelope},
 * {@link EnvelopeCodec}), as written before all of these. All stay readable for as long as the topic keeps them.
 */
public final class EnvelopeRecords {

    /** The format version, as a decimal string; absent on version 1 records. */
    public static final String VERSION_HEADER = "arr-envelope-version";
    /** {@code valid}, {@code warning} or {@code invalid}. */
    public static final String STATUS_HEADER = "arr-status";
    /** Epoch milliseconds, decimal: the time whose UTC month names the index. */
    public static final String PLACED_AT_HEADER = "arr-placed-at";
    /**
     * SHA-256 of the raw message (hex), computed where the bytes arrived: the indexer chains with it instead of
     * decoding the message out of the document. The verifier recomputes it from the stored message, so a digest that
     * does not match is reported like any other modification.
     */
    public static final String RAW_DIGEST_HEADER = "arr-raw-sha256";

    private static final byte[] VERSION = Integer.toString(AuditEnvelope.VERSION).getBytes(StandardCharsets.US_ASCII);
    private static final ObjectReader DOCUMENTS = AuditDocuments.storedReader().readerFor(AuditDocument.class);

    private EnvelopeRecords() {
    }

    /** {@link #producerRecord(String, AuditEnvelope, PlacementRules)} without a retention maximum (the services' own events). */
    public static ProducerRecord<String, byte[]> producerRecord(String topic, AuditEnvelope envelope) {
        return producerRecord(topic, envelope, PlacementRules.NONE);
    }

    /**
     * The record to publish: key {@link AuditEnvelope#kafkaKey()}, timestamp the receipt time, value the document of
     * the envelope as filed ({@link EventPlacement#settled}).
     */
    public static ProducerRecord<String, byte[]> producerRecord(String topic, AuditEnvelope envelope, PlacementRules rules) {
        AuditEnvelope filed = EventPlacement.settled(envelope, rules);
        return producerRecord(topic, filed, AuditDocuments.of(filed, null));
    }

    /** The record of an envelope already filed, with the document made of it. */
    static ProducerRecord<String, byte[]> producerRecord(String topic, AuditEnvelope filed, AuditDocument made) {
        byte[] document = CanonicalJson.of(made);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, filed.receivedAt().toEpochMilli(),
                filed.kafkaKey(), document);
        Headers headers = record.headers();
        headers.add(AuditEnvelope.ID_HEADER, filed.id().toString().getBytes(StandardCharsets.US_ASCII));
        headers.add(VERSION_HEADER, VERSION);
        headers.add(STATUS_HEADER, filed.validation().status().wireName().getBytes(StandardCharsets.US_ASCII));
        headers.add(PLACED_AT_HEADER, Long.toString(EventPlacement.placementTime(filed).toEpochMilli())
                .getBytes(StandardCharsets.US_ASCII));
        headers.add(RAW_DIGEST_HEADER, HexFormat.of().formatHex(ChainHashes.rawDigest(filed.raw())).getBytes(StandardCharsets.US_ASCII));
        return record;
    }

    /** The format version of a record: 1 when it has no version header. */
    public static int version(Headers headers) {
        Header header = headers.lastHeader(VERSION_HEADER);
        if (header == null) {
            return 1;
        }
        try {
            return Integer.parseInt(new String(header.value(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new EnvelopeCodec.UnsupportedEnvelopeException("envelope version header '"
                    + new String(header.value(), StandardCharsets.UTF_8) + "' is not a number");
        }
    }

    /**
     * The envelope of a record of either version (for readers other than the indexer's hot path: tests, tools).
     *
     * @throws EnvelopeCodec.UnsupportedEnvelopeException when the record is of a newer version or does not read
     */
    public static AuditEnvelope read(ConsumerRecord<String, byte[]> record) {
        int version = version(record.headers());
        if (version == 1) {
            return EnvelopeCodec.decode(record.value());
        }
        if (!holdsDocument(version)) {
            throw new EnvelopeCodec.UnsupportedEnvelopeException("envelope version " + version
                    + " is not supported (this reader handles 1.." + AuditEnvelope.VERSION + ")");
        }
        // Either document form reads alike: the fields a schema 3 document held besides these are left out.
        AuditDocument d;
        try {
            d = DOCUMENTS.readValue(record.value());
        } catch (IOException e) {
            throw new EnvelopeCodec.UnsupportedEnvelopeException("not a readable version " + version + " envelope: "
                    + e.getMessage(), e);
        }
        if (d.id() == null || d.validation() == null) {
            throw new EnvelopeCodec.UnsupportedEnvelopeException("version " + version + " envelope without "
                    + (d.id() == null ? "id" : "validation"));
        }
        UUID id;
        try {
            id = UUID.fromString(d.id());
        } catch (IllegalArgumentException e) {
            throw new EnvelopeCodec.UnsupportedEnvelopeException("version " + version + " envelope whose id '" + d.id()
                    + "' is not a UUID", e);
        }
        // The document holds only what is searched; the event is read again from the raw message, as the API does.
        byte[] raw = d.rawBytes() == null ? new byte[0] : d.rawBytes();
        AuditEvent event = d.eventId() == null ? null : RawEvents.of(raw).orElse(null);
        return new AuditEnvelope(version, id, d.receivedAt(), raw, d.rawSize(), d.transport(), d.validation(), event);
    }

    /** Whether records of this version hold a document with filing headers: this version's, or version 2, 3 or 4. */
    public static boolean holdsDocument(int version) {
        return version == AuditEnvelope.VERSION || version == AuditEnvelope.SCHEMA_6_DOCUMENT_VERSION
                || version == AuditEnvelope.SCHEMA_4_DOCUMENT_VERSION
                || version == AuditEnvelope.SCHEMA_3_DOCUMENT_VERSION;
    }

    /** A header's value as text, or null when the record has none. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * How a version 2, 3 or 4 record is filed and chained, read from its headers alone (the indexer never reads the value).
     *
     * @param id        the envelope ID
     * @param status    the validation status ({@code invalid} goes to the quarantine)
     * @param placedAt  the time whose UTC month names the index
     * @param rawDigest SHA-256 of the raw message (32 bytes)
     */
    public record Filing(String id, ValidationStatus status, Instant placedAt, byte[] rawDigest) {
    }

    /** @throws EnvelopeCodec.UnsupportedEnvelopeException naming the header that is missing or malformed */
    public static Filing filing(Headers headers) {
        String id = header(headers, AuditEnvelope.ID_HEADER);
        try {
            UUID.fromString(id == null ? "" : id);
        } catch (IllegalArgumentException e) {
            throw unsupported(headers, "without a UUID in header " + AuditEnvelope.ID_HEADER);
        }
        String status = header(headers, STATUS_HEADER);
        ValidationStatus parsed;
        try {
            parsed = ValidationStatus.fromWireName(status == null ? "" : status);
        } catch (IllegalArgumentException e) {
            throw unsupported(headers, "with header " + STATUS_HEADER + " '" + status + "' (valid, warning or invalid expected)");
        }
        String placedAt = header(headers, PLACED_AT_HEADER);
        Instant placed;
        try {
            placed = Instant.ofEpochMilli(Long.parseLong(placedAt == null ? "" : placedAt));
        } catch (NumberFormatException e) {
            throw unsupported(headers, "without epoch milliseconds in header " + PLACED_AT_HEADER);
        }
        String digest = header(headers, RAW_DIGEST_HEADER);
        byte[] rawDigest;
        try {
            rawDigest = HexFormat.of().parseHex(digest == null ? "" : digest);
        } catch (IllegalArgumentException e) {
            rawDigest = new byte[0];
        }
        if (rawDigest.length != 32) {
            throw unsupported(headers, "without a hexadecimal SHA-256 in header " + RAW_DIGEST_HEADER);
        }
        return new Filing(id, parsed, placed, rawDigest);
    }

    private static EnvelopeCodec.UnsupportedEnvelopeException unsupported(Headers headers, String what) {
        return new EnvelopeCodec.UnsupportedEnvelopeException("version " + version(headers) + " record " + what);
    }
}

package arr.indexer.transform;

import arr.schemas.chain.CanonicalJson;
import arr.schemas.chain.ChainHashes;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.envelope.EnvelopeCodec.UnsupportedEnvelopeException;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.index.AuditDocument;
import arr.schemas.index.AuditDocuments;
import arr.schemas.index.EventPlacement;
import arr.schemas.validation.ValidationStatus;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record made ready to chain and index: its document in canonical form (without chain link), the digest of
 * the raw message it is chained with, and where it goes. A version 5 record already is the document (the collector
 * made it), so its value is not read at all: it is filed and chained by its headers; so are version 4 records (schema 5 or 6) and version 3 ones, whose
 * schema 4 document is one of schema 5 too. A version 2 record holds a schema 3 document, from which a document is
 * made as the indexer of schema 4 made it ({@link AuditDocuments#ofVersion2}); a version 1 record (JSON envelope) is
 * decoded and its document made here likewise ({@link AuditDocuments#ofVersion1}): a replay across the upgrade makes
 * the document already stored. A record of the versions before 5 holds a document without the objects' types and
 * roles ({@link #schema}).
 *
 * @param id         the envelope ID, the document's {@code _id}
 * @param index      the monthly index
 * @param document   the canonical document bytes
 * @param rawDigest  SHA-256 of the message as received
 * @param sourceKey  the record key, for reconciliation
 * @param receivedAt the receipt time, for reconciliation
 * @param quarantine whether it is an invalid message
 * @param schema     the newest document schema whose searched fields the document holds: this version's for a record
 *                   of this version, {@link #OLDER_RECORDS_SCHEMA} for older ones (no objects' types and roles), whose
 *                   months are then marked as holding documents without them ({@code PartialIndexMarker})
 */
public record IndexableRecord(String id, String index, byte[] document, byte[] rawDigest, String sourceKey, Instant receivedAt,
                              boolean quarantine, int schema) {

    /** The schema whose searched fields the documents of records before version 5 hold (at most). */
    public static final int OLDER_RECORDS_SCHEMA = 6;

    /** @throws UnsupportedEnvelopeException when the record is not an envelope this indexer can file */
    public static IndexableRecord of(ConsumerRecord<String, byte[]> record) {
        int version = EnvelopeRecords.version(record.headers());
        if (version == EnvelopeCodec.JSON_VERSION) {
            return ofJsonEnvelope(record.value());
        }
        if (!EnvelopeRecords.holdsDocument(version)) {
            throw new UnsupportedEnvelopeException("envelope version " + version + " is not supported (this reader handles 1.."
                    + AuditEnvelope.VERSION + ")");
        }
        EnvelopeRecords.Filing filing = EnvelopeRecords.filing(record.headers());
        boolean quarantine = filing.status() == ValidationStatus.INVALID;
        byte[] value = record.value();
        if (value == null || value.length < 2 || value[0] != '{' || value[value.length - 1] != '}') {
            throw new UnsupportedEnvelopeException("version " + version + " record whose value is not a JSON document");
        }
        if (version == AuditEnvelope.SCHEMA_3_DOCUMENT_VERSION) {
            value = fromSchema3Document(record, filing, quarantine);
        }
        return new IndexableRecord(filing.id(), IndexNameResolver.indexFor(quarantine, filing.placedAt()), value,
                filing.rawDigest(), record.key(), Instant.ofEpochMilli(record.timestamp()), quarantine,
                version == AuditEnvelope.VERSION ? AuditDocument.SCHEMA_VERSION : OLDER_RECORDS_SCHEMA);
    }

    /**
     * A version 2 record was written before the lean document: its value would be refused by the strict mapping, so a
     * document of schema 4's form is made from it, the event read again from its raw message, and filed as its headers say.
     * One that does not make the same envelope again (another ID than its header's, or an event whose message no longer
     * reads) is refused, to the dead letters, rather than filed as something it was not.
     */
    private static byte[] fromSchema3Document(ConsumerRecord<String, byte[]> record, EnvelopeRecords.Filing filing,
                                              boolean quarantine) {
        AuditEnvelope envelope = EnvelopeRecords.read(record);
        if (!envelope.id().toString().equals(filing.id())) {
            throw new UnsupportedEnvelopeException("version 2 record whose document ID " + envelope.id()
                    + " is not its header's " + filing.id());
        }
        if (!quarantine && envelope.event() == null) {
            throw new UnsupportedEnvelopeException("version 2 record of a " + filing.status().wireName()
                    + " event whose raw message no longer reads as one");
        }
        return CanonicalJson.of(AuditDocuments.ofVersion2(envelope));
    }

    private static IndexableRecord ofJsonEnvelope(byte[] value) {
        AuditEnvelope envelope = EventPlacement.settled(EnvelopeCodec.decode(value));
        return new IndexableRecord(envelope.id().toString(), IndexNameResolver.indexFor(envelope),
                CanonicalJson.of(AuditDocuments.ofVersion1(envelope)), ChainHashes.rawDigest(envelope.raw()), envelope.kafkaKey(),
                envelope.receivedAt(), envelope.event() == null, OLDER_RECORDS_SCHEMA);
    }
}

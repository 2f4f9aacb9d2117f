package arr.indexer.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.schemas.chain.CanonicalJson;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.index.AuditDocuments;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** A record of any envelope version becomes the same document in the same index; a malformed one is refused. */
class IndexableRecordTest {

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>("audit.events", 2, 41L, sent.timestamp(), TimestampType.CREATE_TIME, -1, -1, sent.key(),
                sent.value(), new RecordHeaders(sent.headers().toArray()), Optional.empty());
    }

    private static ConsumerRecord<String, byte[]> version1(AuditEnvelope envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("audit.events", null, envelope.receivedAt().toEpochMilli(),
                envelope.kafkaKey(), EnvelopeCodec.encode(envelope));
        record.headers().add(AuditEnvelope.ID_HEADER, envelope.id().toString().getBytes(StandardCharsets.UTF_8));
        return consumed(record);
    }

    /**
     * The same document, but for where the message is and the objects' types and roles: records written before version
     * 4 are made again as schema 4 made them, the message in {@code raw} (base64), where the collector of version 4 puts
     * a well-formed one in {@code rawText}; and records before version 5 hold only the objects' IDs (schema 7 added
     * their types and roles).
     */
    private static void assertSame(IndexableRecord v2, IndexableRecord v1) {
        assertThat(v2.id()).isEqualTo(v1.id());
        assertThat(v2.index()).isEqualTo(v1.index());
        assertThat(withRawAsText(v2.document())).isEqualTo(withRawAsText(v1.document()));
        assertThat(v2.rawDigest()).isEqualTo(v1.rawDigest());
        assertThat(v2.sourceKey()).isEqualTo(v1.sourceKey());
        assertThat(v2.quarantine()).isEqualTo(v1.quarantine());
        assertThat(v2.receivedAt()).isEqualTo(v1.receivedAt());
    }

    private static String withRawAsText(byte[] document) {
        ObjectNode tree = (ObjectNode) CanonicalJson.parse(document);
        JsonNode raw = tree.remove("raw");
        if (raw != null) {
            String text = arr.schemas.index.WellFormedUtf8.decode(java.util.Base64.getDecoder().decode(raw.asText()));
            assertThat(text).as("a message of well-formed UTF-8").isNotNull();
            tree.put("rawText", text);
        }
        return new String(CanonicalJson.of(OlderDocuments.objectIdsOnly(tree)), StandardCharsets.UTF_8);
    }

    @Test
    void aVersion1RecordIsMadeAsSchema4MadeItWithTheMessageInRaw() throws Exception {
        AuditEnvelope envelope = IndexNameResolverTest.envelope(OffsetDateTime.parse("2026-10-31T23:30:00-02:00"));
        JsonNode v1 = CanonicalJson.parse(IndexableRecord.of(version1(envelope)).document());
        JsonNode v4 = CanonicalJson.parse(IndexableRecord.of(consumed(EnvelopeRecords.producerRecord("audit.events", envelope))).document());
        assertThat(v1.has("rawText")).isFalse();
        assertThat(v1.path("raw").binaryValue()).isEqualTo(envelope.raw());
        assertThat(v4.has("raw")).isFalse();
        assertThat(v4.path("rawText").asText()).isEqualTo(new String(envelope.raw(), StandardCharsets.UTF_8));
    }

    @Test
    void aVersion3RecordOfASchema4DocumentIsFiledAsItIs() {
        AuditEnvelope envelope = IndexNameResolverTest.envelope(OffsetDateTime.parse("2026-10-31T23:30:00-02:00"));
        ProducerRecord<String, byte[]> current = EnvelopeRecords.producerRecord("audit.events", envelope);
        byte[] schema4 = CanonicalJson.of(AuditDocuments.ofVersion2(envelope));
        ProducerRecord<String, byte[]> version3 = new ProducerRecord<>("audit.events", null, current.timestamp(), current.key(),
                schema4, current.headers());
        version3.headers().remove(EnvelopeRecords.VERSION_HEADER).add(EnvelopeRecords.VERSION_HEADER,
                Integer.toString(AuditEnvelope.SCHEMA_4_DOCUMENT_VERSION).getBytes(StandardCharsets.US_ASCII));

        IndexableRecord filed = IndexableRecord.of(consumed(version3));

        assertThat(filed.document()).isEqualTo(schema4);
        assertThat(filed.schema()).as("no objects' types and roles").isEqualTo(IndexableRecord.OLDER_RECORDS_SCHEMA);
        assertSame(filed, IndexableRecord.of(consumed(current)));
    }

    @Test
    void bothVersionsOfAnEventBecomeTheSameDocumentInItsMonth() {
        AuditEnvelope envelope = IndexNameResolverTest.envelope(OffsetDateTime.parse("2026-10-31T23:30:00-02:00"));
        IndexableRecord v2 = IndexableRecord.of(consumed(EnvelopeRecords.producerRecord("audit.events", envelope)));
        assertSame(v2, IndexableRecord.of(version1(envelope)));
        assertThat(IndexableRecord.of(version1(envelope)).schema()).isEqualTo(IndexableRecord.OLDER_RECORDS_SCHEMA);
        assertThat(v2.index()).isEqualTo("audit-events-2026.11");
        assertThat(v2.schema()).isEqualTo(arr.schemas.index.AuditDocument.SCHEMA_VERSION);
        assertThat(CanonicalJson.parse(v2.document()).path("objects").path(0).has("type")).as("this version's").isTrue();
        assertThat(CanonicalJson.parse(IndexableRecord.of(version1(envelope)).document()).path("objects").path(0).has("type")).isFalse();
        assertThat(v2.rawDigest()).isEqualTo(arr.schemas.chain.ChainHashes.rawDigest(envelope.raw()));
        assertThat(v2.quarantine()).isFalse();
    }

    @Test
    void bothVersionsOfAnImplausibleTimeAreFlaggedAndFiledByReceipt() {
        AuditEnvelope envelope = IndexNameResolverTest.envelope(OffsetDateTime.parse("2030-01-01T00:00:00Z"));
        IndexableRecord v2 = IndexableRecord.of(consumed(EnvelopeRecords.producerRecord("audit.events", envelope)));
        assertSame(v2, IndexableRecord.of(version1(envelope)));
        assertThat(v2.index()).isEqualTo("audit-events-2026.11");
        assertThat(new String(v2.document(), StandardCharsets.UTF_8)).contains("EVENT_TIME_IMPLAUSIBLE");
    }

    @Test
    void bothVersionsOfAnInvalidMessageGoToTheQuarantine() {
        AuditEnvelope invalid = IndexNameResolverTest.envelopeOf("<85>1 - - - - - not xml".getBytes(StandardCharsets.UTF_8));
        IndexableRecord v2 = IndexableRecord.of(consumed(EnvelopeRecords.producerRecord("audit.events", invalid)));
        assertSame(v2, IndexableRecord.of(version1(invalid)));
        assertThat(v2.index()).isEqualTo("audit-quarantine-2026.11");
        assertThat(v2.quarantine()).isTrue();
    }

    @Test
    void aVersion2RecordOfASchema3DocumentBecomesThisVersionsDocument() throws Exception {
        AuditEnvelope envelope = IndexNameResolverTest.envelope(OffsetDateTime.parse("2026-10-31T23:30:00-02:00"));
        ProducerRecord<String, byte[]> current = EnvelopeRecords.producerRecord("audit.events", envelope);
        // The schema 3 document held the whole event: fields the strict mapping of schema 4 would refuse.
        var json = arr.schemas.envelope.EnvelopeCodec.mapper();
        var schema3 = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(current.value());
        schema3.put("dialect", "dicom").putArray("studyUids").add("1.2.3.4");
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema3.path("eventTime")).put("original", "2026-10-31T23:30:00-02:00")
                .put("zoneAssumed", false);
        schema3.remove("userAddresses");
        ProducerRecord<String, byte[]> version2 = new ProducerRecord<>("audit.events", null, current.timestamp(), current.key(),
                json.writeValueAsBytes(schema3), current.headers());
        version2.headers().remove(EnvelopeRecords.VERSION_HEADER).add(EnvelopeRecords.VERSION_HEADER,
                Integer.toString(AuditEnvelope.SCHEMA_3_DOCUMENT_VERSION).getBytes(StandardCharsets.US_ASCII));

        IndexableRecord converted = IndexableRecord.of(consumed(version2));

        assertSame(converted, IndexableRecord.of(consumed(current)));
        assertThat(converted.schema()).isEqualTo(IndexableRecord.OLDER_RECORDS_SCHEMA);
        assertThat(new String(converted.document(), StandardCharsets.UTF_8)).doesNotContain("studyUids").contains("userAddresses");
    }

    @Test
    void aVersion2RecordThatDoesNotMakeItsEnvelopeAgainIsRefused() {
        AuditEnvelope envelope = IndexNameResolverTest.envelope(OffsetDateTime.parse("2026-10-31T23:30:00Z"));
        ProducerRecord<String, byte[]> current = EnvelopeRecords.producerRecord("audit.events", envelope);
        String document = new String(current.value(), StandardCharsets.UTF_8);
        for (String value : new String[] {"{}", document.replace(envelope.id().toString(), "not-a-uuid"),
                document.replace(envelope.id().toString(), java.util.UUID.randomUUID().toString())}) {
            ProducerRecord<String, byte[]> version2 = new ProducerRecord<>("audit.events", null, current.timestamp(),
                    current.key(), value.getBytes(StandardCharsets.UTF_8), current.headers());
            version2.headers().remove(EnvelopeRecords.VERSION_HEADER).add(EnvelopeRecords.VERSION_HEADER,
                    "2".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> IndexableRecord.of(consumed(version2))).as(value)
                    .isInstanceOf(EnvelopeCodec.UnsupportedEnvelopeException.class);
        }
    }

    @Test
    void aVersion2RecordWithMissingOrBadHeadersOrValueIsRefused() {
        AuditEnvelope envelope = IndexNameResolverTest.envelope(OffsetDateTime.parse("2026-10-31T23:30:00Z"));
        for (String header : new String[] {AuditEnvelope.ID_HEADER, EnvelopeRecords.STATUS_HEADER, EnvelopeRecords.PLACED_AT_HEADER,
                EnvelopeRecords.RAW_DIGEST_HEADER}) {
            ProducerRecord<String, byte[]> record = EnvelopeRecords.producerRecord("audit.events", envelope);
            record.headers().remove(header);
            assertThatThrownBy(() -> IndexableRecord.of(consumed(record))).as(header)
                    .isInstanceOf(EnvelopeCodec.UnsupportedEnvelopeException.class).hasMessageContaining(header);
        }
        ProducerRecord<String, byte[]> badStatus = EnvelopeRecords.producerRecord("audit.events", envelope);
        badStatus.headers().remove(EnvelopeRecords.STATUS_HEADER).add(EnvelopeRecords.STATUS_HEADER, "maybe".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IndexableRecord.of(consumed(badStatus))).hasMessageContaining("maybe");
        ProducerRecord<String, byte[]> badDigest = EnvelopeRecords.producerRecord("audit.events", envelope);
        badDigest.headers().remove(EnvelopeRecords.RAW_DIGEST_HEADER).add(EnvelopeRecords.RAW_DIGEST_HEADER, "zz".repeat(32).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IndexableRecord.of(consumed(badDigest))).hasMessageContaining(EnvelopeRecords.RAW_DIGEST_HEADER);
        ProducerRecord<String, byte[]> shortDigest = EnvelopeRecords.producerRecord("audit.events", envelope);
        shortDigest.headers().remove(EnvelopeRecords.RAW_DIGEST_HEADER).add(EnvelopeRecords.RAW_DIGEST_HEADER, "abcd".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IndexableRecord.of(consumed(shortDigest))).hasMessageContaining(EnvelopeRecords.RAW_DIGEST_HEADER);
        ProducerRecord<String, byte[]> badTime = EnvelopeRecords.producerRecord("audit.events", envelope);
        badTime.headers().remove(EnvelopeRecords.PLACED_AT_HEADER).add(EnvelopeRecords.PLACED_AT_HEADER, "yesterday".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IndexableRecord.of(consumed(badTime))).hasMessageContaining(EnvelopeRecords.PLACED_AT_HEADER);
        ProducerRecord<String, byte[]> notJson = new ProducerRecord<>("audit.events", null, 0L, "k", "[]".getBytes(StandardCharsets.UTF_8),
                EnvelopeRecords.producerRecord("audit.events", envelope).headers());
        assertThatThrownBy(() -> IndexableRecord.of(consumed(notJson))).isInstanceOf(EnvelopeCodec.UnsupportedEnvelopeException.class)
                .hasMessageContaining("not a JSON document");
        ProducerRecord<String, byte[]> newer = EnvelopeRecords.producerRecord("audit.events", envelope);
        String later = Integer.toString(AuditEnvelope.VERSION + 1);
        newer.headers().remove(EnvelopeRecords.VERSION_HEADER).add(EnvelopeRecords.VERSION_HEADER, later.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IndexableRecord.of(consumed(newer))).hasMessageContaining("version " + later);
    }
}

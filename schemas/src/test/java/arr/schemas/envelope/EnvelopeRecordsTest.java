package arr.schemas.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.schemas.chain.CanonicalJson;
import arr.schemas.chain.ChainHashes;
import arr.schemas.index.AuditDocuments;
import arr.schemas.index.EventPlacement;
import arr.schemas.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The version 2 record carries the envelope as its document, and its headers say how to file it. */
class EnvelopeRecordsTest {

    static Stream<Path> messages() {
        return Stream.concat(Samples.allSamples().stream(), Samples.corpus("").stream());
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 0, 0L, sent.timestamp(), TimestampType.CREATE_TIME, -1, -1, sent.key(),
                sent.value(), new RecordHeaders(sent.headers().toArray()), Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyMessageReadsBackAsTheEnvelopeSent(Path file) {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(file));
        ProducerRecord<String, byte[]> sent = EnvelopeRecords.producerRecord("audit.events", envelope);

        AuditEnvelope back = EnvelopeRecords.read(consumed(sent));

        assertThat(back).usingRecursiveComparison().ignoringFields("v").isEqualTo(EventPlacement.settled(envelope));
        assertThat(back.v()).isEqualTo(AuditEnvelope.VERSION);
        assertThat(back.msg()).isEqualTo(Samples.read(file));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void aVersion3RecordOfASchema4DocumentReadsBackAsItsEnvelope(Path file) {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(file));
        ProducerRecord<String, byte[]> current = EnvelopeRecords.producerRecord("audit.events", envelope);
        ProducerRecord<String, byte[]> version3 = new ProducerRecord<>("audit.events", null, current.timestamp(), current.key(),
                CanonicalJson.of(AuditDocuments.ofVersion2(EventPlacement.settled(envelope))), current.headers());
        version3.headers().remove(EnvelopeRecords.VERSION_HEADER).add(EnvelopeRecords.VERSION_HEADER,
                Integer.toString(AuditEnvelope.SCHEMA_4_DOCUMENT_VERSION).getBytes(StandardCharsets.US_ASCII));

        AuditEnvelope back = EnvelopeRecords.read(consumed(version3));

        assertThat(back).usingRecursiveComparison().ignoringFields("v").isEqualTo(EventPlacement.settled(envelope));
        assertThat(back.v()).isEqualTo(AuditEnvelope.SCHEMA_4_DOCUMENT_VERSION);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void theValueIsTheCanonicalDocumentAndTheHeadersSayHowToFileIt(Path file) {
        AuditEnvelope envelope = EventPlacement.settled(EnvelopeCodecTestAccess.envelopeOf(Samples.read(file)));
        ProducerRecord<String, byte[]> sent = EnvelopeRecords.producerRecord("audit.events", envelope);

        assertThat(sent.value()).isEqualTo(CanonicalJson.of(AuditDocuments.of(envelope, null)));
        assertThat(EnvelopeRecords.filing(sent.headers()).rawDigest()).isEqualTo(ChainHashes.rawDigest(envelope.raw()));
        assertThat(EnvelopeRecords.header(sent.headers(), EnvelopeRecords.RAW_DIGEST_HEADER)).hasSize(64);
        assertThat(sent.key()).isEqualTo(envelope.kafkaKey());
        assertThat(sent.timestamp()).isEqualTo(envelope.receivedAt().toEpochMilli());
        assertThat(EnvelopeRecords.header(sent.headers(), AuditEnvelope.ID_HEADER)).isEqualTo(envelope.id().toString());
        assertThat(EnvelopeRecords.version(sent.headers())).isEqualTo(AuditEnvelope.VERSION);
        EnvelopeRecords.Filing filing = EnvelopeRecords.filing(sent.headers());
        assertThat(filing.id()).isEqualTo(envelope.id().toString());
        assertThat(filing.status()).isEqualTo(envelope.validation().status());
        assertThat(filing.placedAt()).isEqualTo(!EventPlacement.eventTimePlausible(envelope)
                ? envelope.receivedAt() : envelope.event().eventTime().value().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void anImplausibleEventTimeIsFlaggedInTheDocumentAndFiledByReceiptTime() {
        String xml = new String(Samples.read(Samples.samples("valid").get(0)), StandardCharsets.UTF_8)
                .replaceFirst("EventDateTime=\"[^\"]+\"", "EventDateTime=\"2099-01-01T00:00:00Z\"");
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(EventPlacement.eventTimePlausible(envelope)).isFalse();

        ProducerRecord<String, byte[]> sent = EnvelopeRecords.producerRecord("audit.events", envelope);

        AuditEnvelope back = EnvelopeRecords.read(consumed(sent));
        assertThat(back.validation().hasIssue("EVENT_TIME_IMPLAUSIBLE")).isTrue();
        assertThat(back.validation().status().wireName()).isEqualTo("warning");
        assertThat(EnvelopeRecords.filing(sent.headers()).status().wireName()).isEqualTo("warning");
        assertThat(EnvelopeRecords.filing(sent.headers()).placedAt()).isEqualTo(envelope.receivedAt());
        assertThat(EventPlacement.settled(EventPlacement.settled(envelope)).validation().issues())
                .isEqualTo(EventPlacement.settled(envelope).validation().issues());
    }

    @Test
    void aRecordWithoutVersionHeaderIsReadAsVersion1Json() {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(Samples.samples("valid").get(0)));
        ConsumerRecord<String, byte[]> legacy = consumed(new ProducerRecord<>("audit.events", null, 0L, envelope.kafkaKey(),
                EnvelopeCodec.encode(envelope)));
        assertThat(EnvelopeRecords.version(legacy.headers())).isEqualTo(1);
        assertThat(EnvelopeRecords.read(legacy)).usingRecursiveComparison().isEqualTo(envelope);
    }

    @Test
    void aNewerVersionOrAnUnreadableDocumentIsRefusedAsUnsupported() {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(Samples.samples("valid").get(0)));
        ProducerRecord<String, byte[]> newer = EnvelopeRecords.producerRecord("audit.events", envelope);
        String later = Integer.toString(AuditEnvelope.VERSION + 1);
        newer.headers().remove(EnvelopeRecords.VERSION_HEADER).add(EnvelopeRecords.VERSION_HEADER, later.getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> EnvelopeRecords.read(consumed(newer)))
                .isInstanceOf(EnvelopeCodec.UnsupportedEnvelopeException.class).hasMessageContaining("version " + later);

        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>("audit.events", null, 0L, "k", "not json".getBytes(StandardCharsets.UTF_8));
        garbage.headers().add(EnvelopeRecords.VERSION_HEADER, "2".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> EnvelopeRecords.read(consumed(garbage))).isInstanceOf(EnvelopeCodec.UnsupportedEnvelopeException.class);
        assertThatThrownBy(() -> EnvelopeRecords.filing(garbage.headers())).isInstanceOf(EnvelopeCodec.UnsupportedEnvelopeException.class)
                .hasMessageContaining(AuditEnvelope.ID_HEADER);
    }

    @Test
    void aQuarantinedMessageIsPlacedByItsReceiptTime() {
        AuditEnvelope invalid = EnvelopeCodecTestAccess.envelopeOf("not xml".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> sent = EnvelopeRecords.producerRecord("audit.events", invalid);
        assertThat(EnvelopeRecords.filing(sent.headers()).status().wireName()).isEqualTo("invalid");
        assertThat(EnvelopeRecords.filing(sent.headers()).placedAt()).isEqualTo(Instant.parse("2026-11-26T10:00:01.5Z"));
    }
}

package arr.schemas.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.schemas.syslog.Rfc5424Parser;
import arr.schemas.syslog.SyslogMessage;
import arr.schemas.testing.Samples;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidatedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeCodecTest {

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();

    static Stream<Path> samples() {
        return Samples.allSamples().stream();
    }

    static AuditEnvelope envelopeOf(byte[] xml, String peer) {
        byte[] frame = concat("<85>1 2026-11-26T10:00:00.000Z modality-1 PACS 99 IHE+RFC-3881 - ".getBytes(StandardCharsets.UTF_8), xml);
        SyslogMessage syslog = Rfc5424Parser.parse(frame);
        ValidatedMessage validated = VALIDATOR.validate(syslog.msg());
        return new AuditEnvelope(EnvelopeCodec.JSON_VERSION, UUID.randomUUID(), Instant.parse("2026-11-26T10:00:01.5Z"), frame,
                frame.length, new Transport(Transport.TLS, peer, 50123, "CN=modality-1,OU=devices", syslog.header(), syslog.msgOffset()),
                validated.result(), validated.event().orElse(null));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleEnvelopeRoundTripsExactly(Path file) {
        AuditEnvelope envelope = envelopeOf(Samples.read(file), "10.1.2.3");
        AuditEnvelope back = EnvelopeCodec.decode(EnvelopeCodec.encode(envelope));
        assertThat(back).usingRecursiveComparison().isEqualTo(envelope);
        assertThat(back.msg()).isEqualTo(Samples.read(file));
        assertThat(EnvelopeCodec.encode(back)).isEqualTo(EnvelopeCodec.encode(envelope));
    }

    @Test
    void theKafkaKeyIsTheAuditSourceOrThePeer() {
        AuditEnvelope valid = envelopeOf(Samples.read(Samples.samples("valid").get(0)), "10.1.2.3");
        assertThat(valid.kafkaKey()).isEqualTo("pacs.hospital.example");
        AuditEnvelope invalid = envelopeOf("not xml".getBytes(StandardCharsets.UTF_8), "10.1.2.3");
        assertThat(invalid.kafkaKey()).isEqualTo("peer:10.1.2.3");
    }

    @Test
    void theWireFormatIsVersionedJsonWithCamelCaseNames() {
        String json = new String(EnvelopeCodec.encode(envelopeOf(Samples.read(Samples.samples("valid").get(0)), "10.1.2.3")),
                StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"v\":1,\"id\":\"").contains("\"receivedAt\":\"2026-11-26T10:00:01.500Z\"")
                .contains("\"eventTime\":{\"value\":\"2026-11-26T10:15:30.123+01:00\"").contains("\"status\":\"valid\"")
                .contains("\"dialect\":\"dicom\"").contains("\"msgOffset\":");
    }

    @Test
    void aNewerVersionOrGarbageIsRefusedAsUnsupported() {
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"v\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeCodec.UnsupportedEnvelopeException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> EnvelopeCodec.decode("garbage".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeCodec.UnsupportedEnvelopeException.class);
    }

    @Test
    void fieldsAddedByALaterWriterAreIgnored() {
        byte[] encoded = EnvelopeCodec.encode(envelopeOf(Samples.read(Samples.samples("valid").get(0)), "10.1.2.3"));
        String withExtra = new String(encoded, StandardCharsets.UTF_8).replaceFirst("\\{\"v\":1,", "{\"v\":1,\"futureField\":42,");
        assertThat(EnvelopeCodec.decode(withExtra.getBytes(StandardCharsets.UTF_8)).v()).isEqualTo(1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package arr.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CollectorMetricsTest {

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final CollectorMetrics metrics = new CollectorMetrics(registry);

    @Test
    void countsMessagesBytesAndValidationPerProtocolSourceAndStatus() {
        AuditEnvelope valid = envelope(Transport.TLS, "ris.hospital.example", "R");
        AuditEnvelope invalid = envelope(Transport.TLS, "ris.hospital.example", "Q");
        metrics.received(valid);
        metrics.received(valid);
        metrics.received(invalid);
        metrics.received(envelope(Transport.TCP, "ris.hospital.example", "R"));

        assertThat(count("arr.collector.received", "tls", "ris.hospital.example")).isEqualTo(3);
        assertThat(count("arr.collector.received", "tcp", "ris.hospital.example")).isEqualTo(1);
        assertThat(count("arr.collector.received.bytes", "tls", "ris.hospital.example"))
                .isEqualTo(2.0 * valid.rawSize() + invalid.rawSize());
        assertThat(registry.get("arr.collector.validation").tags("protocol", "tls", "source", "ris.hospital.example",
                "status", valid.validation().status().wireName()).counter().count()).isEqualTo(2);
        assertThat(registry.get("arr.collector.validation").tags("protocol", "tls", "source", "ris.hospital.example",
                "status", invalid.validation().status().wireName()).counter().count()).isEqualTo(1);
        assertThat(valid.validation().status()).isNotEqualTo(invalid.validation().status());
    }

    @Test
    void countsSourcesBeyondTheLimitAsOther() {
        for (int i = 0; i < CollectorMetrics.MAX_SOURCES + 3; i++) {
            metrics.received(envelope(Transport.TLS, "source-" + i, "R"));
        }
        metrics.received(envelope(Transport.TLS, "source-0", "R"));

        assertThat(count("arr.collector.received", "tls", CollectorMetrics.OTHER)).isEqualTo(3);
        assertThat(count("arr.collector.received", "tls", "source-0")).isEqualTo(2);
        assertThat(registry.find("arr.collector.received").counters()).hasSize(CollectorMetrics.MAX_SOURCES + 1);
    }

    @Test
    void countsPublishedPerProtocol() {
        metrics.published(envelope(Transport.TLS, "ris.hospital.example", "R"));
        metrics.published(envelope(Transport.TLS, "pacs.hospital.example", "R"));
        metrics.published(envelope(Transport.UDP, "ris.hospital.example", "R"));

        assertThat(registry.get("arr.collector.published").tag("protocol", "tls").counter().count()).isEqualTo(2);
        assertThat(registry.get("arr.collector.published").tag("protocol", "udp").counter().count()).isEqualTo(1);
    }

    private double count(String name, String protocol, String source) {
        return registry.get(name).tags("protocol", protocol, "source", source).counter().count();
    }

    /** A message from the given audit source; an action code other than C/R/U/D/E makes it invalid. */
    private static AuditEnvelope envelope(String protocol, String source, String action) {
        String xml = """
                <AuditMessage><EventIdentification EventActionCode="%s" EventDateTime="2026-11-26T10:00:00Z" \
                EventOutcomeIndicator="0"><EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>\
                </EventIdentification><ActiveParticipant UserID="jdoe" UserIsRequestor="true"/>\
                <AuditSourceIdentification AuditSourceID="%s"/><ParticipantObjectIdentification \
                ParticipantObjectID="4711^^^&amp;1.2.3&amp;ISO" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">\
                <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>\
                </ParticipantObjectIdentification></AuditMessage>""".formatted(action, source);
        byte[] frame = ("<85>1 2026-11-26T10:00:00Z ris.hospital.example app 1 IHE+RFC-3881 - " + xml).getBytes(StandardCharsets.UTF_8);
        return EnvelopeCapture.capture(VALIDATOR, Instant.now(), frame, protocol, "127.0.0.1", 50_000, null);
    }
}

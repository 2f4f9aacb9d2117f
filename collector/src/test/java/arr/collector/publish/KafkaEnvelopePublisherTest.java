package arr.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.collector.metrics.CollectorMetrics;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.RecordSizeLimit;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The publisher's accounting against the in-flight bound, with Kafka's own in-memory producer standing in for the
 * client (what reaches a real Kafka is {@code CollectorToKafkaIT}'s).
 */
class KafkaEnvelopePublisherTest {

    /**
     * An envelope is weighed by an estimate when it is handed over, before its record exists; a record that turns out
     * larger (a document repeating long values) weighs its real size until Kafka has it, so the bound holds.
     */
    @Test
    void anEnvelopeWeighsItsRecordsRealSizeUntilKafkaAcknowledgesIt() {
        MockProducer<String, byte[]> kafka = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        InFlightGate gate = new InFlightGate(64L << 20, 32L << 20);
        KafkaEnvelopePublisher publisher = new KafkaEnvelopePublisher(kafka, "audit.events",
                new RecordSizeLimit(RecordSizeLimit.DEFAULT_MAX_BYTES), gate, new CollectorMetrics(new SimpleMeterRegistry()));
        AuditEnvelope envelope = envelopeWithRepeatedValues();
        long estimate = KafkaEnvelopePublisher.weight(envelope);

        publisher.submit(envelope);

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 1);
        long record = RecordSizeLimit.size(kafka.history().get(0));
        assertThat(record).as("record larger than the estimate").isGreaterThan(estimate);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.bytes() == record);
        kafka.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.bytes() == 0);
        publisher.close(Duration.ofSeconds(1));
    }

    /** 150 participants of four long ASCII values each: its document holds each value two or three times. */
    private static AuditEnvelope envelopeWithRepeatedValues() {
        StringBuilder xml = new StringBuilder("""
                <AuditMessage><EventIdentification EventActionCode="R" EventDateTime="2026-11-26T10:00:00Z" \
                EventOutcomeIndicator="0"><EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>\
                </EventIdentification>""");
        for (int i = 0; i < 150; i++) {
            String value = Integer.toString(i) + "x".repeat(300);
            xml.append("<ActiveParticipant UserID=\"u").append(value).append("\" AlternativeUserID=\"a").append(value)
                    .append("\" UserName=\"n").append(value).append("\" UserIsRequestor=\"false\" NetworkAccessPointID=\"p")
                    .append(value).append("\" NetworkAccessPointTypeCode=\"1\"/>");
        }
        xml.append("<AuditSourceIdentification AuditSourceID=\"pacs\"/></AuditMessage>");
        byte[] frame = ("<85>1 2026-11-26T10:00:00Z host app 1 IHE+RFC-3881 - " + xml).getBytes(StandardCharsets.UTF_8);
        return EnvelopeCapture.capture(AuditMessageValidator.withDefaults(), Instant.now(), frame, Transport.TCP, "127.0.0.1",
                50_000, null);
    }
}

package arr.indexer.retention;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts the indexer's own audit messages into {@code audit.events} like any device's (validated, enveloped,
 * chained and indexed by the same path), and returns only once Kafka has them: what the message records may
 * happen only after that.
 */
public final class OwnEventPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AuditMessageValidator validator;
    private final Clock clock;

    public OwnEventPublisher(Producer<String, byte[]> producer, String topic, AuditMessageValidator validator, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.validator = validator;
        this.clock = clock;
    }

    public AuditEnvelope publish(byte[] syslogMessage) {
        AuditEnvelope envelope = EnvelopeCapture.capture(validator, clock.instant(), syslogMessage, Transport.INTERNAL,
                "127.0.0.1", null, null);
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, envelope.receivedAt().toEpochMilli(),
                    envelope.kafkaKey(), EnvelopeCodec.encode(envelope));
            record.headers().add(AuditEnvelope.ID_HEADER, envelope.id().toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(60, TimeUnit.SECONDS);
            return envelope;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot record the indexer's own audit event in " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording an audit event", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

package arr.schemas.selfaudit;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;

/**
 * Puts a service's own audit messages into {@code audit.events} like any device's (validated, enveloped,
 * chained and indexed by the same path), and returns only once Kafka has them: what the message records may
 * happen only after that.
 */
public final class OwnEventPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AuditMessageValidator validator;
    private final Clock clock;
    private final Duration timeout;

    /** @param timeout how long to wait for Kafka's acknowledgement before {@link #publish} fails */
    public OwnEventPublisher(Producer<String, byte[]> producer, String topic, AuditMessageValidator validator, Clock clock,
                             Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.validator = validator;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Validates, envelopes and publishes one syslog message; returns once Kafka acknowledged it.
     *
     * @throws IllegalStateException when Kafka did not acknowledge it within the timeout
     */
    public AuditEnvelope publish(byte[] syslogMessage) {
        AuditEnvelope envelope = EnvelopeCapture.capture(validator, clock.instant(), syslogMessage, Transport.INTERNAL,
                "127.0.0.1", null, null);
        try {
            producer.send(EnvelopeRecords.producerRecord(topic, envelope)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return envelope;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot record an own audit event in " + topic + ": " + e, e);
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

package arr.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import arr.collector.metrics.CollectorMetrics;
import arr.collector.publish.InFlightGate;
import arr.collector.publish.KafkaEnvelopePublisher;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.envelope.RecordSizeLimit;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class CollectorPipelineTest {

    /** A defect on the way to the envelope loses neither the message nor the connection it came on. */
    @Test
    void aMessageTheCollectorFailsOnIsPublishedWholeAsInvalid() throws Exception {
        MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        CollectorMetrics metrics = new CollectorMetrics(new SimpleMeterRegistry());
        KafkaEnvelopePublisher publisher = new KafkaEnvelopePublisher(kafka, "audit.events",
                new RecordSizeLimit(RecordSizeLimit.DEFAULT_MAX_BYTES), new InFlightGate(1 << 20, 1 << 19), metrics);
        CollectorPipeline pipeline = new CollectorPipeline(new EnvelopeFactory(AuditMessageValidator.withDefaults(),
                new FailingOnce(), 65_536), publisher, metrics);
        byte[] frame = "<85>1 2026-11-28T10:00:00Z host app - - - <AuditMessage/>".getBytes(StandardCharsets.UTF_8);

        pipeline.received(frame, Transport.TCP, "127.0.0.1", 50_000, null);

        publisher.close(Duration.ofSeconds(5));
        assertThat(kafka.history()).hasSize(1);
        var sent = kafka.history().get(0);
        AuditEnvelope envelope = EnvelopeRecords.read(new ConsumerRecord<>(sent.topic(), 0, 0, 0L, TimestampType.CREATE_TIME,
                0, 0, sent.key(), sent.value(), sent.headers(), Optional.empty()));
        assertThat(envelope.validation().status().wireName()).isEqualTo("invalid");
        assertThat(envelope.validation().issues()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("PROCESSING_ERROR");
            assertThat(i.message()).contains("IllegalStateException");
        });
        assertThat(envelope.raw()).isEqualTo(frame);
        assertThat(envelope.transport().syslog().hostname()).isEqualTo("host");
    }

    /** A clock whose first reading fails: the defect injected on the way to the first envelope. */
    private static final class FailingOnce extends Clock {
        private final AtomicBoolean failed = new AtomicBoolean();

        @Override
        public Instant instant() {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected");
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

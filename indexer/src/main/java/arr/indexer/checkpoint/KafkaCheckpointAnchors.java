package arr.indexer.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each stored checkpoint to the anchor topic ({@link AnchorTopic}), after Elasticsearch has it, so that what
 * the topic holds is always in {@code audit-checkpoints} too unless someone deleted it there. Sent asynchronously: the
 * consumer thread does not wait for Kafka (and its producer waits at most a few seconds for the topic's metadata). A
 * copy that fails is logged, counted, and sent again with the next checkpoints stored, unless a newer copy of the
 * same key went out meanwhile.
 */
public final class KafkaCheckpointAnchors implements CheckpointAnchors, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCheckpointAnchors.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final ObjectMapper json;
    private final Counter published;
    private final Counter failed;
    /**
     * The furthest reach sent per key. Compaction keeps the last record of a key, so an older checkpoint stored again
     * (a retried write that met a 409) must not be sent after a newer one.
     */
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    /** Copies that failed, per key, to send again. */
    private final Map<String, Checkpoint> failedCopies = new ConcurrentHashMap<>();
    /**
     * After a failure, copies are only queued until then: with the topic unavailable each send can block for the
     * producer's max.block.ms, and sending a backlog of them on the consumer thread would stall it past its poll deadline.
     */
    private volatile long pausedUntilNanos = System.nanoTime();
    private final java.util.function.LongSupplier nanoTime;
    static final long PAUSE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    public KafkaCheckpointAnchors(Producer<String, byte[]> producer, String topic, ObjectMapper json, MeterRegistry metrics) {
        this(producer, topic, json, metrics, System::nanoTime);
    }

    KafkaCheckpointAnchors(Producer<String, byte[]> producer, String topic, ObjectMapper json, MeterRegistry metrics,
                           java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.pausedUntilNanos = nanoTime.getAsLong();
        this.producer = producer;
        this.topic = topic;
        this.json = json;
        this.published = metrics.counter("arr.indexer.anchors", "outcome", "published");
        this.failed = metrics.counter("arr.indexer.anchors", "outcome", "failed");
    }

    @Override
    public void anchor(List<Checkpoint> stored) {
        // Per key only the furthest-reaching copy goes out: the failed ones waiting, then the ones just stored.
        Map<String, Checkpoint> due = new java.util.LinkedHashMap<>();
        for (String key : List.copyOf(failedCopies.keySet())) {
            Checkpoint again = failedCopies.remove(key);
            if (again != null) {
                due.merge(key, again, KafkaCheckpointAnchors::furthest);
            }
        }
        for (Checkpoint checkpoint : stored) {
            String key = AnchorTopic.key(checkpoint);
            long reach = AnchorTopic.reach(checkpoint);
            if (sent.getOrDefault(key, Long.MIN_VALUE) >= reach && !Checkpoint.PURGE.equals(checkpoint.type())) {
                continue;
            }
            sent.merge(key, reach, Math::max);
            due.merge(key, checkpoint, KafkaCheckpointAnchors::furthest);
        }
        due.forEach((key, checkpoint) -> {
            if (AnchorTopic.reach(checkpoint) >= sent.getOrDefault(key, Long.MIN_VALUE)) {
                sendOrQueue(key, checkpoint);
            }
        });
    }

    private static Checkpoint furthest(Checkpoint a, Checkpoint b) {
        return AnchorTopic.reach(b) >= AnchorTopic.reach(a) ? b : a;
    }

    private void sendOrQueue(String key, Checkpoint checkpoint) {
        if (nanoTime.getAsLong() - pausedUntilNanos < 0) {
            failedCopies.merge(key, checkpoint, KafkaCheckpointAnchors::furthest);
        } else {
            send(key, checkpoint);
        }
    }

    private void send(String key, Checkpoint checkpoint) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(checkpoint);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize checkpoint " + checkpoint.id(), e);
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error == null) {
                    published.increment();
                } else {
                    failedCopy(key, checkpoint, error);
                }
            });
        } catch (RuntimeException e) {
            // Closed while retention or the consumer thread was still storing a checkpoint, or no metadata in time.
            failedCopy(key, checkpoint, e);
        }
    }

    private void failedCopy(String key, Checkpoint checkpoint, Throwable error) {
        failed.increment();
        pausedUntilNanos = nanoTime.getAsLong() + PAUSE_NANOS;
        failedCopies.merge(key, checkpoint, KafkaCheckpointAnchors::furthest);
        LOG.warn("cannot copy checkpoint {} to {} ({}); sent again with the next checkpoints", checkpoint.id(), topic,
                error.toString());
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}

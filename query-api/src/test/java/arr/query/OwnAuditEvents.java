package arr.query;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.event.AuditEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the query API recorded about itself in {@code audit.events} from the moment this reader was opened:
 * the events exactly as the repository stores them (validated, normalized).
 */
final class OwnAuditEvents implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    OwnAuditEvents(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor("audit.events", Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
    }

    /**
     * Every query-api event with this EventID (null: any) published since the reader opened, waiting until none came
     * for a while. What it reads is consumed: a second call sees only what came after.
     */
    List<AuditEnvelope> collect(String eventId) {
        List<AuditEnvelope> found = new ArrayList<>();
        Instant quietUntil = Instant.now().plusSeconds(3);
        while (Instant.now().isBefore(quietUntil)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                AuditEnvelope envelope = EnvelopeRecords.read(record);
                AuditEvent event = envelope.event();
                if (event != null && (eventId == null || eventId.equals(event.eventId().code())) && record.key().startsWith("arr-query-api@")) {
                    found.add(envelope);
                }
                quietUntil = Instant.now().plusSeconds(2);
            }
        }
        return found;
    }

    @Override
    public void close() {
        consumer.close();
    }
}

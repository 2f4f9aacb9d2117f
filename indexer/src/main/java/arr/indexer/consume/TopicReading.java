package arr.indexer.consume;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reading small topics whole (dead letters, anchors) with a consumer of its own, no group, nothing committed. */
public final class TopicReading {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicReading() {
    }

    /**
     * Reads each partition from its offset in {@code from} (its beginning when absent, or when Kafka deleted the
     * records there) up to its end as it is at the call, handing every record to {@code each}.
     *
     * @return the offset each partition was read up to (the next one to read)
     */
    public static Map<TopicPartition, Long> toEnd(Consumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                                  Map<TopicPartition, Long> from,
                                                  java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        partitions.forEach(p -> consumer.seek(p, Math.max(from.getOrDefault(p, 0L), start.get(p))));
        while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
            consumer.poll(Duration.ofMillis(500)).forEach(each);
        }
        Map<TopicPartition, Long> positions = new java.util.HashMap<>();
        partitions.forEach(p -> positions.put(p, consumer.position(p, TIMEOUT)));
        return positions;
    }
}

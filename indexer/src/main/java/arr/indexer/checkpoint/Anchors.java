package arr.indexer.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the anchor topic says, read whole: per key (see {@link AnchorTopic#key}) the furthest-reaching checkpoint
 * whose signature verifies, and every record whose signature does not (a forgery, or a key rotated since).
 *
 * @param topicExists false when there is no anchor topic (a deployment from before anchoring): nothing to compare
 */
public record Anchors(boolean topicExists, Map<String, Checkpoint> newest, List<Checkpoint> unsigned) {

    public static final Anchors NONE = new Anchors(false, Map.of(), List.of());

    public Collection<Checkpoint> all() {
        return newest.values();
    }

    /**
     * Reads the topic from its beginning to its current end with a consumer of its own (no group). The consumer must
     * not create the topic by asking for it ({@code allow.auto.create.topics=false}): a topic made with the broker's
     * defaults would delete anchors after a week.
     */
    public static Anchors read(Supplier<Consumer<String, byte[]>> consumers, String topic, ObjectMapper json,
                               Predicate<Checkpoint> genuine) {
        Map<String, Checkpoint> newest = new HashMap<>();
        List<Checkpoint> unsigned = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(30)).getOrDefault(topic, List.of()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return NONE;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Checkpoint checkpoint;
                    try {
                        checkpoint = json.readValue(record.value(), Checkpoint.class);
                    } catch (IOException | RuntimeException e) {
                        unsigned.add(new Checkpoint(null, null, record.partition(), null, null, record.offset(), null, null,
                                "unreadable anchor record: " + e.getMessage(), null, null, null));
                        continue;
                    }
                    if (!genuine.test(checkpoint)) {
                        unsigned.add(checkpoint);
                    } else {
                        newest.merge(AnchorTopic.key(checkpoint), checkpoint,
                                (a, b) -> AnchorTopic.reach(b) >= AnchorTopic.reach(a) ? b : a);
                    }
                }
            }
        }
        return new Anchors(true, newest, unsigned);
    }
}

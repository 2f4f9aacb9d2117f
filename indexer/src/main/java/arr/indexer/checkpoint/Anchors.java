package arr.indexer.checkpoint;

import arr.indexer.consume.TopicReading;
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
import org.apache.kafka.common.TopicPartition;

/**
 * What the anchor topic says, read whole: per key (see {@link AnchorTopic#key}) the furthest-reaching checkpoint
 * whose signature verifies, and the records whose signature does not (a forgery, or a key rotated since) and that
 * no genuine record of their key reaches past: a record with an old key that a newer genuine one replaced, and that
 * compaction has not removed yet, is not a finding.
 *
 * @param topicExists false when there is no anchor topic
 */
public record Anchors(boolean topicExists, Map<String, Checkpoint> newest, List<Checkpoint> unsigned) {

    public static final Anchors NO_TOPIC = new Anchors(false, Map.of(), List.of());

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
        Map<String, Checkpoint> furthestBad = new HashMap<>();
        List<Checkpoint> unreadable = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(30)).getOrDefault(topic, List.of()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return NO_TOPIC;
            }
            TopicReading.toEnd(consumer, partitions, Map.of(), record -> {
                if (record.value() == null) {
                    return; // a tombstone: the indexer writes none, and compaction removes them
                }
                Checkpoint checkpoint;
                try {
                    checkpoint = json.readValue(record.value(), Checkpoint.class);
                } catch (IOException | RuntimeException e) {
                    unreadable.add(new Checkpoint(null, null, record.partition(), null, null, record.offset(), null, null,
                            "unreadable anchor record " + record.partition() + "@" + record.offset() + ": " + e.getMessage(),
                            null, null, null));
                    return;
                }
                (genuine.test(checkpoint) ? newest : furthestBad).merge(AnchorTopic.key(checkpoint), checkpoint,
                        (a, b) -> AnchorTopic.reach(b) >= AnchorTopic.reach(a) ? b : a);
            });
        }
        List<Checkpoint> unsigned = new ArrayList<>(unreadable);
        furthestBad.forEach((key, bad) -> {
            Checkpoint good = newest.get(key);
            if (good == null || AnchorTopic.reach(bad) > AnchorTopic.reach(good)) {
                unsigned.add(bad);
            }
        });
        return new Anchors(true, newest, unsigned);
    }
}

package arr.indexer.deadletter;

import arr.indexer.chain.ChainKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every dead letter, read whole from {@code audit.deadletter} (a small topic, kept forever): the chain links of
 * records Elasticsearch refused, so that a chain whose last record was dead-lettered continues from it, and so
 * that {@code verify} can explain the gap. A record dead-lettered twice (after a replay) counts once.
 */
public final class DeadLetterLedger {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLedger.class);

    private final Map<ChainKey, TreeMap<Long, DeadLetterPublisher.FailureRecord>> chained = new HashMap<>();
    private final Map<String, DeadLetterPublisher.FailureRecord> byRecord = new HashMap<>();

    public synchronized void add(DeadLetterPublisher.FailureRecord failure) {
        byRecord.put(failure.sourcePartition() + "@" + failure.sourceOffset(), failure);
        if (failure.chain() != null && failure.index() != null) {
            chained.computeIfAbsent(new ChainKey(failure.index(), failure.chain().partition()), k -> new TreeMap<>())
                    .put(failure.chain().offset(), failure);
        }
    }

    /** The dead-lettered link of a chain with the highest offset below {@code beforeOffset}. */
    public synchronized Optional<DeadLetterPublisher.FailureRecord> lastBefore(ChainKey key, long beforeOffset) {
        TreeMap<Long, DeadLetterPublisher.FailureRecord> links = chained.get(key);
        return links == null ? Optional.empty() : Optional.ofNullable(links.lowerEntry(beforeOffset)).map(Map.Entry::getValue);
    }

    /** The dead letters of one chain, by sequence. */
    public synchronized Map<Long, DeadLetterPublisher.FailureRecord> bySequence(ChainKey key) {
        Map<Long, DeadLetterPublisher.FailureRecord> out = new HashMap<>();
        chained.getOrDefault(key, new TreeMap<>()).values().forEach(f -> out.put(f.chain().sequence(), f));
        return out;
    }

    public synchronized Collection<DeadLetterPublisher.FailureRecord> all() {
        return new ArrayList<>(byRecord.values());
    }

    /** A ledger of the whole topic as it is now. */
    public static DeadLetterLedger read(Supplier<Consumer<String, byte[]>> consumers, String topic) {
        DeadLetterLedger ledger = new DeadLetterLedger();
        ledger.reload(consumers, topic);
        return ledger;
    }

    /**
     * Reads the whole topic from its beginning to its current end with a consumer of its own (no group); done
     * again at each partition assignment, to see what other indexer instances dead-lettered.
     */
    public void reload(Supplier<Consumer<String, byte[]>> consumers, String topic) {
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        add(DeadLetterPublisher.JSON.readValue(record.value(), DeadLetterPublisher.FailureRecord.class));
                    } catch (IOException e) {
                        LOG.warn("dead letter {}@{} is unreadable ({}); ignored by the chain", record.partition(), record.offset(), e.getMessage());
                    }
                }
            }
        }
    }
}

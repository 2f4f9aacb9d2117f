package arr.indexer.deadletter;

import arr.indexer.chain.ChainKey;
import arr.indexer.consume.TopicReading;
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
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every dead letter of {@code audit.deadletter} (a small topic; retention deletes those of deleted months), without the
 * refused document itself: the chain links of records Elasticsearch refused, so that a chain whose last record was
 * dead-lettered continues from it, and so that {@code verify} can explain the gap. A record dead-lettered twice (after a replay) counts once.
 * The document bytes stay in the topic only: a ledger that kept them would grow in the heap with every dead letter,
 * and duplicates after a Kafka outage make dead letters common.
 */
public final class DeadLetterLedger {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLedger.class);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final String topic;
    private final Map<ChainKey, TreeMap<Long, DeadLetterPublisher.FailureRecord>> chained = new HashMap<>();
    private final Map<String, DeadLetterPublisher.FailureRecord> byRecord = new HashMap<>();
    /** Serializes reads of the topic; {@link #add} does not wait for one. */
    private final Object reading = new Object();
    /** Per partition of the topic, the offset the next read starts at (guarded by {@link #reading}). */
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();

    /**
     * @param consumers makes a consumer without a group for each read of the topic
     */
    public DeadLetterLedger(Supplier<Consumer<String, byte[]>> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    /** A ledger of the whole topic as it is now. */
    public static DeadLetterLedger read(Supplier<Consumer<String, byte[]>> consumers, String topic) {
        DeadLetterLedger ledger = new DeadLetterLedger(consumers, topic);
        ledger.catchUp();
        return ledger;
    }

    public synchronized void add(DeadLetterPublisher.FailureRecord failure) {
        DeadLetterPublisher.FailureRecord kept = failure.withoutValue();
        byRecord.put(kept.sourcePartition() + "@" + kept.sourceOffset(), kept);
        if (kept.chain() != null && kept.index() != null) {
            chained.computeIfAbsent(new ChainKey(kept.index(), kept.chain().partition()), k -> new TreeMap<>())
                    .put(kept.chain().offset(), kept);
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

    /** Every dead letter, without its document ({@code value} is null). */
    public synchronized Collection<DeadLetterPublisher.FailureRecord> all() {
        return new ArrayList<>(byRecord.values());
    }

    /**
     * Reads what was written to the topic since the last read, up to its current end, with a consumer of its own
     * (no group): done at each partition assignment, to see what other indexer instances dead-lettered, and by
     * {@code verify} before it reports a gap. The first read starts at the beginning.
     *
     * @return how many dead letters this read found
     */
    public int catchUp() {
        synchronized (reading) {
            try (Consumer<String, byte[]> consumer = consumers.get()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                int[] read = {0};
                readUpTo.putAll(TopicReading.toEnd(consumer, partitions, readUpTo, record -> {
                    read[0]++;
                    try {
                        add(DeadLetterPublisher.JSON.readValue(record.value(), DeadLetterPublisher.FailureRecord.class));
                    } catch (IOException e) {
                        LOG.warn("dead letter {}@{} is unreadable ({}); ignored by the chain", record.partition(), record.offset(), e.getMessage());
                    }
                }));
                return read[0];
            }
        }
    }
}

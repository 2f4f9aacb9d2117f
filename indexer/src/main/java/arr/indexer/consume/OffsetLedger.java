package arr.indexer.consume;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition are safe to commit: a record is pending from poll until Elasticsearch
 * (or the dead-letter topic) acknowledged it, and only the contiguous done prefix of a partition is
 * committed, so an audit record is never acknowledged to Kafka before it is searchable. Thread-safe.
 */
public final class OffsetLedger {

    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();
    private int pendingCount;

    public synchronized void polled(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        nextOffset.merge(partition, offset + 1, Math::max);
        pendingCount++;
    }

    public synchronized void done(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = pending.get(partition);
        if (offsets != null && offsets.remove(offset)) {
            pendingCount--;
        }
    }

    public synchronized int pendingCount() {
        return pendingCount;
    }

    /** The offset to commit per partition: the first still pending, or one past the last polled. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffset.forEach((partition, next) -> {
            TreeSet<Long> open = pending.get(partition);
            offsets.put(partition, new OffsetAndMetadata(open == null || open.isEmpty() ? next : open.first()));
        });
        return offsets;
    }

    /** Forgets partitions this consumer no longer owns (after a rebalance); their pending records will be redelivered. */
    public synchronized void forget(java.util.Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            TreeSet<Long> open = pending.remove(partition);
            if (open != null) {
                pendingCount -= open.size();
            }
            nextOffset.remove(partition);
        }
    }
}

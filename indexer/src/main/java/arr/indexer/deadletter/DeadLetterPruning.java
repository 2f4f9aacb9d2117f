package arr.indexer.deadletter;

import arr.indexer.consume.TopicReading;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Deletes the dead letters of what retention has already deleted: a refused document holds the whole raw message,
 * and privacy's maximum age covers it as much as the indexed ones. Kafka deletes records only as a prefix of a
 * partition, so in each partition everything before the first dead letter still needed goes, and nothing after it:
 * one dead letter of a month still kept (a legal hold, or a month not yet due) keeps every later one of its partition.
 * A dead letter that cannot be read is kept, and so is everything after it.
 */
public final class DeadLetterPruning {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Supplier<Admin> admins;
    private final String topic;

    /** @param consumers makes a consumer without a group for each read of the topic */
    public DeadLetterPruning(Supplier<Consumer<String, byte[]>> consumers, Supplier<Admin> admins, String topic) {
        this.consumers = consumers;
        this.admins = admins;
        this.topic = topic;
    }

    /**
     * @param gone whether a dead letter belongs to what retention has deleted
     * @return per partition, the offset it now starts at, for the partitions something was deleted from
     */
    public Map<TopicPartition, Long> prune(Predicate<DeadLetterPublisher.FailureRecord> gone) throws IOException {
        Map<TopicPartition, Long> keepFrom = new HashMap<>();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Set<TopicPartition> stopped = new HashSet<>();
            TopicReading.toEnd(consumer, partitions, Map.of(), record -> {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (stopped.contains(partition)) {
                    return;
                }
                if (gone.test(read(record.value()))) {
                    keepFrom.put(partition, record.offset() + 1);
                } else {
                    stopped.add(partition);
                }
            });
        }
        if (keepFrom.isEmpty()) {
            return keepFrom;
        }
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        keepFrom.forEach((partition, offset) -> deletions.put(partition, RecordsToDelete.beforeOffset(offset)));
        try (Admin admin = admins.get()) {
            admin.deleteRecords(deletions).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot delete the dead letters of deleted months from " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting dead letters from " + topic, e);
        }
        return keepFrom;
    }

    /** The dead letter, or null when it cannot be read (the predicate must then keep it). */
    private static DeadLetterPublisher.FailureRecord read(byte[] value) {
        try {
            return value == null ? null : DeadLetterPublisher.JSON.readValue(value, DeadLetterPublisher.FailureRecord.class);
        } catch (IOException e) {
            return null;
        }
    }
}

package arr.indexer.retention;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link IndexingProgress} from the consumer group's committed offsets, which the indexer commits only once
 * Elasticsearch has acknowledged (or the dead-letter topic has taken) every record they cover. A record's timestamp
 * is its receipt time (the collector sets it), so "everything received before T" is, per partition, everything
 * before the first record stamped T or later, or the whole partition when there is none.
 */
public final class ConsumerGroupProgress implements IndexingProgress {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Admin> admins;
    private final String topic;
    private final String groupId;

    public ConsumerGroupProgress(Supplier<Admin> admins, String topic, String groupId) {
        this.admins = admins;
        this.topic = topic;
        this.groupId = groupId;
    }

    @Override
    public boolean indexedAllReceivedBefore(Instant time) throws IOException {
        try (Admin admin = admins.get()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, ListOffsetsResultInfo> firstAtOrAfter = offsets(admin, partitions, OffsetSpec.forTimestamp(time.toEpochMilli()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(admin, partitions, OffsetSpec.earliest());
            for (TopicPartition partition : partitions) {
                long boundary = firstAtOrAfter.get(partition).offset();
                long needed = boundary >= 0 ? boundary : ends.get(partition).offset();
                // A partition the group never read from has nothing committed: it has read nothing that Kafka still
                // holds, so what Kafka has already deleted from it (its log start) counts as done.
                OffsetAndMetadata done = committed.get(partition);
                long indexed = done != null ? done.offset() : starts.get(partition).offset();
                if (indexed < needed) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the progress of consumer group " + groupId + " on " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the progress of consumer group " + groupId, e);
        }
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
                                                                     OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}

package arr.indexer;

import static arr.indexer.IndexerTestSupport.admin;
import static arr.indexer.IndexerTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.indexer.retention.ConsumerGroupProgress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Retention's fence against real Kafka: a month may go only once the consumer group has committed past every
 * message received (record timestamp) before its deadline, in every partition.
 */
@NeedsStack({Part.KAFKA})
class ConsumerGroupProgressIT {

    private static final Instant T0 = Instant.parse("2026-01-10T00:00:00Z");

    @Test
    @Timeout(180)
    void aMonthWaitsUntilTheGroupHasCommittedPastEveryMessageReceivedBeforeItsDeadline(TestStack stack) throws Exception {
        String topic = "progress-" + UUID.randomUUID();
        String group = "progress-group-" + UUID.randomUUID();
        try (Admin admin = admin(stack)) {
            // Kept for ever: the records are stamped months ago, and time-based retention would delete them.
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("retention.ms", "-1")))).all().get();
            try (KafkaProducer<String, byte[]> producer = producer(stack)) {
                // Partition 0: received at T0, T0+1h, T0+2h. Partition 1: received at T0 only.
                for (int hour = 0; hour < 3; hour++) {
                    producer.send(new ProducerRecord<>(topic, 0, T0.plusSeconds(3600L * hour).toEpochMilli(), "k", new byte[] {1})).get();
                }
                producer.send(new ProducerRecord<>(topic, 1, T0.toEpochMilli(), "k", new byte[] {1})).get();
            }
            ConsumerGroupProgress progress = new ConsumerGroupProgress(() -> admin(stack), topic, group);

            // Nothing committed: only a time before every message is covered.
            assertThat(progress.indexedAllReceivedBefore(T0)).isTrue();
            assertThat(progress.indexedAllReceivedBefore(T0.plusSeconds(1))).isFalse();

            commit(admin, group, topic, Map.of(0, 1L, 1, 1L));
            assertThat(progress.indexedAllReceivedBefore(T0.plusSeconds(3600))).isTrue();
            assertThat(progress.indexedAllReceivedBefore(T0.plusSeconds(3601))).isFalse();
            // After the newest message: every partition must be read to its end.
            assertThat(progress.indexedAllReceivedBefore(T0.plusSeconds(86_400))).isFalse();

            commit(admin, group, topic, Map.of(0, 3L, 1, 1L));
            assertThat(progress.indexedAllReceivedBefore(T0.plusSeconds(86_400))).isTrue();

            // A group that never read partition 1 has nothing committed there: that is only done once Kafka has
            // deleted what the partition held (its log start moved past it), not before.
            String other = group + "-fresh";
            ConsumerGroupProgress fresh = new ConsumerGroupProgress(() -> admin(stack), topic, other);
            commit(admin, other, topic, Map.of(0, 3L));
            assertThat(fresh.indexedAllReceivedBefore(T0.plusSeconds(86_400))).isFalse();
            admin.deleteRecords(Map.of(new TopicPartition(topic, 1), RecordsToDelete.beforeOffset(1))).all().get(30, TimeUnit.SECONDS);
            assertThat(fresh.indexedAllReceivedBefore(T0.plusSeconds(86_400))).isTrue();
        }
    }

    private static void commit(Admin admin, String group, String topic, Map<Integer, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new java.util.HashMap<>();
        offsets.forEach((partition, offset) -> committed.put(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, committed).all().get();
    }
}

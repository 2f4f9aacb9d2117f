package arr.indexer;

import static arr.indexer.IndexerTestSupport.admin;
import static arr.indexer.IndexerTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.indexer.deadletter.DeadLetterPruning;
import arr.indexer.deadletter.DeadLetterPublisher;
import arr.schemas.envelope.EnvelopeCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pruning dead letters against real Kafka: in each partition everything before the first dead letter still needed
 * is deleted, and nothing after it, since Kafka deletes records only as a prefix.
 */
@NeedsStack({Part.KAFKA})
class DeadLetterPruningIT {

    @Test
    @Timeout(180)
    void theDeadLettersOfDeletedMonthsGoUpToTheFirstOneStillNeededInEachPartition(TestStack stack) throws Exception {
        String topic = "deadletter-" + UUID.randomUUID();
        try (Admin admin = admin(stack)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        // Partition 0: gone, gone, kept, gone. Partition 1: kept first.
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (String index : List.of("audit-events-2009.01", "audit-quarantine-2009.01", "audit-events-2009.02",
                    "audit-events-2009.01")) {
                producer.send(new ProducerRecord<>(topic, 0, "k", deadLetter(index))).get();
            }
            producer.send(new ProducerRecord<>(topic, 1, "k", deadLetter("audit-events-2009.02"))).get();
            producer.send(new ProducerRecord<>(topic, 1, "k", deadLetter("audit-events-2009.01"))).get();
        }
        DeadLetterPruning pruning = new DeadLetterPruning(() -> consumer(stack), () -> admin(stack), topic);

        Map<TopicPartition, Long> pruned = pruning.prune(failure -> failure != null && failure.index().endsWith("2009.01"));

        assertThat(pruned).containsExactly(Map.entry(new TopicPartition(topic, 0), 2L));
        try (KafkaConsumer<String, byte[]> consumer = consumer(stack)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            assertThat(consumer.beginningOffsets(partitions)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    new TopicPartition(topic, 0), 2L, new TopicPartition(topic, 1), 0L));
        }
        // Nothing more is due: a second run deletes nothing.
        assertThat(pruning.prune(failure -> failure != null && failure.index().endsWith("2009.01"))).isEmpty();
    }

    private static byte[] deadLetter(String index) throws Exception {
        return EnvelopeCodec.mapper().writeValueAsBytes(new DeadLetterPublisher.FailureRecord("index", "mapper_parsing_exception",
                "refused", UUID.randomUUID().toString(), "audit.events", 0, 0, Instant.now(), index, null, "src",
                Instant.now(), new byte[] {'{', '}'}));
    }

    private static KafkaConsumer<String, byte[]> consumer(TestStack stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}

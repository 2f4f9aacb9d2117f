package arr.deploy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.local.Part;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Proves the harness: real Kafka and real Elasticsearch answer, keep data, and come back after a restart. */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class StackHarnessIT {

    @Test
    void contractTopicsExistWithTheirPartitions(TestStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("audit.events", "audit.deadletter"))
                    .allTopicNames().get();
            assertThat(topics.get("audit.events").partitions()).hasSize(6);
            assertThat(topics.get("audit.deadletter").partitions()).isNotEmpty();
        }
    }

    @Test
    void recordProducedToKafkaIsConsumedBack(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        RecordMetadata written;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(stack))) {
            written = producer.send(new ProducerRecord<>("audit.events", "harness", tag)).get();
        }
        assertThat(consumeUntil(stack, tag, Duration.ofSeconds(30)))
                .as("the record written to partition %d offset %d", written.partition(), written.offset())
                .anySatisfy(r -> {
                    assertThat(r.value()).isEqualTo(tag);
                    assertThat(r.offset()).isEqualTo(written.offset());
                });
    }

    @Test
    void documentIndexedIntoElasticsearchIsFoundBySearch(TestStack stack) throws Exception {
        try (Rest5Client rest = Rest5Client.builder(java.net.URI.create(stack.elasticsearchUrl())).build()) {
            ElasticsearchClient client = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
            String id = UUID.randomUUID().toString();
            client.index(i -> i.index("harness-check").id(id).refresh(Refresh.True)
                    .document(Map.of("userId", "dr-house", "at", Instant.now().toString())));
            SearchResponse<Map> found = client.search(s -> s.index("harness-check")
                    .query(q -> q.term(t -> t.field("userId.keyword").value("dr-house"))), Map.class);
            assertThat(found.hits().hits()).extracting(h -> h.id()).contains(id);
        }
    }

    @Test
    void kafkaKeepsItsRecordsAndAddressAcrossARestart(TestStack stack) throws Exception {
        String tag = "before-restart-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(stack))) {
            producer.send(new ProducerRecord<>("audit.events", "harness", tag)).get();
        }
        stack.restart(Part.KAFKA);
        assertThat(consumeUntil(stack, tag, Duration.ofSeconds(60))).extracting(ConsumerRecord::value).contains(tag);
    }

    private static Properties producerConfig(TestStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private static List<ConsumerRecord<String, String>> consumeUntil(TestStack stack, String value, Duration limit) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(limit);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("audit.events"));
            while (Instant.now().isBefore(deadline) && seen.stream().noneMatch(r -> r.value().equals(value))) {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            }
        }
        return seen;
    }
}

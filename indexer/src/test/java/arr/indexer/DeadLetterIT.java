package arr.indexer;

import static arr.indexer.IndexerTestSupport.http;
import static arr.indexer.IndexerTestSupport.json;
import static arr.indexer.IndexerTestSupport.produce;
import static arr.indexer.IndexerTestSupport.producer;
import static arr.indexer.IndexerTestSupport.startIndexer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.deploy.load.RealisticMessages;
import arr.indexer.checkpoint.CheckpointKeys;
import arr.indexer.checkpoint.CheckpointStore;
import arr.indexer.deadletter.DeadLetterLedger;
import arr.indexer.deadletter.DeadLetterPublisher.FailureRecord;
import arr.indexer.deadletter.DeadLetterTopic;
import arr.indexer.verify.ChainVerifier;
import arr.indexer.verify.VerificationReport;
import arr.deploy.local.SampleSender;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.envelope.EnvelopeRecords;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Documents Elasticsearch refuses for good go to audit.deadletter, are counted, and stand in their chain as gaps
 * that verify explains: here the month's index was created with {@code patients.authority} as a number, so every
 * event about a patient is refused while the others are indexed, interleaved in the same chains.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class DeadLetterIT {

    @Test
    void refusedDocumentsAreDeadLetteredCountedAndExplainedByVerify(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2018.04";
        int count = 200;
        try (ApplicationContext indexer = startIndexer(stack, "dead-" + tag)) {
            // After the indexer installed the templates: the request's mapping wins over the template's for this field.
            http(stack, "PUT", "/" + index, "{\"mappings\":{\"properties\":{\"patients\":{\"properties\":{\"authority\":"
                    + "{\"type\":\"long\"}}}}}}");
            produce(stack, tag, count, OffsetDateTime.parse("2018-04-03T09:00:00Z"));
            MeterRegistry metrics = indexer.getBean(MeterRegistry.class);
            // This month's dead letters, from the topic: the counter also counts what other tests left in audit.events
            // for Elasticsearch to refuse (this indexer reads the topic from its start).
            DeadLetterLedger topic = new DeadLetterLedger(() -> new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()), new StringDeserializer(),
                    new ByteArrayDeserializer()), "audit.deadletter");
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                http(stack, "POST", "/" + index + "/_refresh", null);
                long indexed = json(http(stack, "POST", "/" + index + "/_count", null)).path("count").asLong();
                topic.catchUp();
                long deadLettered = topic.all().stream().filter(f -> index.equals(f.index()))
                        .map(f -> f.envelopeId()).distinct().count();
                assertThat(indexed).isPositive();
                assertThat(deadLettered).isPositive();
                assertThat(indexed + deadLettered).isEqualTo(count);
                assertThat(metrics.get("arr.indexer.deadletters").tag("stage", "index").counter().count())
                        .as("counted").isGreaterThanOrEqualTo(deadLettered);
            });
            long withPatients = json(http(stack, "POST", "/" + index + "/_count", "{\"query\":{\"exists\":{\"field\":\"patients.id\"}}}"))
                    .path("count").asLong();
            assertThat(withPatients).as("every event about a patient was refused").isZero();
        }
        var run = ChainVerificationIT.run(stack, "--from", "2018-04-01", "--to", "2018-04-30");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("DEAD_LETTERED ")))
                .isNotEmpty()
                .allMatch(l -> l.contains("mapper_parsing_exception") || l.contains("document_parsing_exception"));
        assertThat(run.out()).contains("INTACT").doesNotContain("NOT INTACT");

        // A verify whose ledger has not seen these dead letters (as one read before they were written, when a live
        // indexer refuses a document during the walk and indexes its successors): the gaps send it back to the topic,
        // not to DELETED.
        DeadLetterLedger readTooEarly = new DeadLetterLedger(() -> new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()), new StringDeserializer(), new ByteArrayDeserializer()),
                "audit.deadletter");
        try (ElasticsearchClient elasticsearch = ElasticsearchClients.connect(URI.create(stack.elasticsearchUrl()))) {
            VerificationReport report = new ChainVerifier(elasticsearch, new CheckpointStore(elasticsearch), readTooEarly,
                    CheckpointKeys.publicKey(IndexerTestSupport.KEYS.publicKey()), Map::of)
                    .verify(Instant.parse("2018-04-01T00:00:00Z"), Instant.parse("2018-04-30T23:59:59Z"));
            assertThat(report.intact()).as(report.render()).isTrue();
            assertThat(report.render()).contains("DEAD_LETTERED ");
        }
    }

    @Test
    void recordsThatAreNotEnvelopesAreDeadLetteredAtDecodeCountedAndCommitted(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "decode-" + tag;
        IndexerTestSupport.startAtTheEnd(stack, group);
        Map<String, RecordMetadata> sent = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            sent.put("junk-" + tag + "-version", send(producer, "junk-" + tag + "-version", "99", "{}"));
            sent.put("junk-" + tag + "-header", send(producer, "junk-" + tag + "-header", "two", "{}"));
            // Headers that file it properly, around a value that is not a document.
            ProducerRecord<String, byte[]> filed = EnvelopeRecords.producerRecord("audit.events", IndexerTestSupport.envelope(
                    new RealisticMessages(1, 10, 10).next(OffsetDateTime.parse("2018-05-03T08:00:00Z"))));
            sent.put("junk-" + tag + "-value", producer.send(new ProducerRecord<>("audit.events", null, null, "junk-" + tag + "-value",
                    "not a document".getBytes(StandardCharsets.UTF_8), filed.headers())).get());
            sent.put("junk-" + tag + "-v1", send(producer, "junk-" + tag + "-v1", null, "<AuditMessage/>"));
        }
        produce(stack, tag, 20, OffsetDateTime.parse("2018-05-03T09:00:00Z"));
        try (ApplicationContext indexer = startIndexer(stack, group)) {
            MeterRegistry metrics = indexer.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                assertThat(metrics.get("arr.indexer.deadletters").tag("stage", "decode").counter().count()).isGreaterThanOrEqualTo(4);
                assertThat(IndexerTestSupport.countTagged(stack, "audit-events-2018.05", tag)).isEqualTo(20);
                assertThat(metrics.get("arr.indexer.documents").tag("outcome", "deadlettered").counter().count())
                        .isEqualTo(metrics.get("arr.indexer.deadletters").counters().stream().mapToDouble(c -> c.count()).sum());
                Map<Integer, Long> committed = IndexerTestSupport.committedOffsets(stack, group);
                sent.values().forEach(at -> assertThat(committed.get(at.partition())).isGreaterThan(at.offset()));
            });
        }
        Map<String, FailureRecord> deadLetters = new HashMap<>();
        DeadLetterLedger ledger = DeadLetterLedger.read(() -> new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap()), new StringDeserializer(), new ByteArrayDeserializer()), "audit.deadletter");
        // Each later read (at every partition assignment, every reconciliation, every verify that meets a gap) takes
        // only what was written since the one before, not the whole topic again.
        assertThat(ledger.catchUp()).isZero();
        ledger.all().stream()
                .filter(f -> f.sourceKey() != null && f.sourceKey().startsWith("junk-" + tag))
                .forEach(f -> deadLetters.put(f.sourceKey(), f));
        assertThat(deadLetters).containsOnlyKeys(sent.keySet());
        deadLetters.forEach((key, failure) -> {
            assertThat(failure.stage()).isEqualTo("decode");
            assertThat(failure.cause()).isEqualTo("unsupported-envelope");
            assertThat(failure.sourcePartition()).isEqualTo(sent.get(key).partition());
            assertThat(failure.sourceOffset()).isEqualTo(sent.get(key).offset());
        });
        assertThat(deadLetters.get("junk-" + tag + "-version").reason()).contains("version 99 is not supported");
        assertThat(deadLetters.get("junk-" + tag + "-header").reason()).contains("'two' is not a number");
        assertThat(deadLetters.get("junk-" + tag + "-value").reason()).contains("not a JSON document");
        // The topic keeps the record as it was; the ledger, which lives in the indexer's heap, keeps only its place.
        assertThat(deadLetters.values()).allMatch(f -> f.value() == null);
        assertThat(deadLetterValues(stack, tag).get("junk-" + tag + "-v1")).asString(StandardCharsets.UTF_8)
                .isEqualTo("<AuditMessage/>");
    }

    /**
     * The dead-letter topic is made to hold the largest dead letter: created so when missing (as a broker creating it
     * on first use would not), and raised when it exists with Kafka's default limit.
     */
    @Test
    void theDeadLetterTopicIsCreatedOrRaisedToHoldTheLargestDeadLetter(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String missing = "it-deadletter-new-" + tag;
        String existing = "it-deadletter-old-" + tag;
        try (Admin admin = IndexerTestSupport.admin(stack)) {
            admin.createTopics(List.of(new NewTopic(existing, 1, (short) 1))).all().get();
            assertThat(topicConfig(admin, existing, "max.message.bytes")).isEqualTo("1048588");

            DeadLetterTopic.ensure(admin, missing, stack.kafkaBootstrap());
            DeadLetterTopic.ensure(admin, existing, stack.kafkaBootstrap());

            assertThat(topicConfig(admin, missing, "max.message.bytes")).isEqualTo(Integer.toString(DeadLetterTopic.MAX_MESSAGE_BYTES));
            assertThat(topicConfig(admin, missing, "retention.ms")).isEqualTo("-1");
            assertThat(topicConfig(admin, existing, "max.message.bytes")).isEqualTo(Integer.toString(DeadLetterTopic.MAX_MESSAGE_BYTES));
            admin.deleteTopics(List.of(missing, existing)).all().get();
        }
    }

    private static String topicConfig(Admin admin, String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
    }

    /** The refused values of this test's dead letters, read from the topic itself, by record key. */
    private static Map<String, byte[]> deadLetterValues(TestStack stack, String tag) throws Exception {
        Map<String, byte[]> values = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("audit.deadletter").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    FailureRecord failure = EnvelopeCodec.mapper().readValue(record.value(), FailureRecord.class);
                    if (failure.sourceKey() != null && failure.sourceKey().contains(tag)) {
                        values.put(failure.sourceKey(), failure.value());
                    }
                }
            }
        }
        return values;
    }

    /**
     * A dead letter holds its record in base64, 4/3 of it: that of a record near Kafka's default limit is larger than
     * the limit. Kafka refused it for good, so the write was tried again for ever and the partition stalled (for a
     * record that is not an envelope, the whole consumer stopped). The indexer raises the dead-letter topic's limit
     * and its producer's ({@code DeadLetterTopic}): both are written whole, and the records behind them are indexed
     * and committed.
     */
    @Test
    void recordsNearKafkasLimitAreDeadLetteredWholeAndThoseBehindThemGoOn(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "large-" + tag;
        IndexerTestSupport.startAtTheEnd(stack, group);
        byte[] junk = new byte[1_000_000];
        new Random(5).nextBytes(junk);
        try (ApplicationContext indexer = startIndexer(stack, group)) {
            // Deleted at the end: this index refuses the event for every group, and other tests read the topic from its start.
            http(stack, "PUT", "/audit-events-2018.06", "{\"mappings\":{\"properties\":{\"patients\":{\"properties\":"
                    + "{\"authority\":{\"type\":\"long\"}}}}}}");
            AuditEnvelope large = IndexerTestSupport.envelope(SampleSender.asSyslog(largeEvent(tag).getBytes(StandardCharsets.UTF_8)));
            assertThat(large.validation().isInvalid()).isFalse();
            ProducerRecord<String, byte[]> largeRecord = EnvelopeRecords.producerRecord("audit.events", large);
            assertThat(largeRecord.value().length).isBetween(800_000, 1_000_000);
            Map<String, RecordMetadata> sent = new HashMap<>();
            try (KafkaProducer<String, byte[]> producer = producer(stack)) {
                ProducerRecord<String, byte[]> junkRecord = new ProducerRecord<>("audit.events", "junk-" + tag, junk);
                junkRecord.headers().add(EnvelopeRecords.VERSION_HEADER, "99".getBytes(StandardCharsets.US_ASCII));
                sent.put("junk-" + tag, producer.send(junkRecord).get());
                sent.put("large-" + tag, producer.send(largeRecord).get());
            }
            produce(stack, tag, 20, OffsetDateTime.parse("2018-05-04T09:00:00Z"));
            MeterRegistry metrics = indexer.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                assertThat(IndexerTestSupport.countTagged(stack, "audit-events-2018.05", tag)).isEqualTo(20);
                Map<Integer, Long> committed = IndexerTestSupport.committedOffsets(stack, group);
                sent.values().forEach(at -> assertThat(committed.get(at.partition())).isGreaterThan(at.offset()));
            });
            assertThat(metrics.get("arr.indexer.deadletters").tag("stage", "decode").counter().count()).isEqualTo(1);
            assertThat(metrics.get("arr.indexer.deadletters").tag("stage", "index").counter().count()).isEqualTo(1);
        } finally {
            http(stack, "DELETE", "/audit-events-2018.06", null);
        }
        Map<String, byte[]> values = deadLetterValues(stack, tag);
        assertThat(values.get("junk-" + tag)).isEqualTo(junk);
        assertThat(new String(values.get("large-" + tag), StandardCharsets.UTF_8)).contains(tag).contains("\"chain\"");
    }

    /** An event about a patient, from source large-TAG, whose document is about 900 KB of random text. */
    private static String largeEvent(String tag) {
        Random random = new Random(9);
        Supplier<String> text = () -> random.ints(200, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        StringBuilder xml = new StringBuilder("""
                <AuditMessage><EventIdentification EventActionCode="R" EventDateTime="2018-06-03T09:00:00Z" \
                EventOutcomeIndicator="0"><EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>\
                </EventIdentification>""");
        for (int i = 0; i < 270; i++) {
            xml.append("<ActiveParticipant UserID=\"").append(text.get()).append("\" AlternativeUserID=\"").append(text.get())
                    .append("\" UserName=\"").append(text.get()).append("\" UserIsRequestor=\"false\" NetworkAccessPointID=\"")
                    .append(text.get()).append("\" NetworkAccessPointTypeCode=\"1\"/>");
        }
        return xml.append("<AuditSourceIdentification AuditSourceID=\"large-").append(tag).append("""
                "/><ParticipantObjectIdentification ParticipantObjectID="4711^^^&amp;1.2.3&amp;ISO" \
                ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1"><ParticipantObjectIDTypeCode csd-code="2" \
                codeSystemName="RFC-3881" originalText="Patient Number"/></ParticipantObjectIdentification></AuditMessage>""")
                .toString();
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String key, String version, String value)
            throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("audit.events", key, value.getBytes(StandardCharsets.UTF_8));
        if (version != null) {
            record.headers().add(EnvelopeRecords.VERSION_HEADER, version.getBytes(StandardCharsets.US_ASCII));
        }
        return producer.send(record).get();
    }
}

package arr.indexer;

import static arr.indexer.IndexerTestSupport.envelope;
import static arr.indexer.IndexerTestSupport.http;
import static arr.indexer.IndexerTestSupport.json;
import static arr.indexer.IndexerTestSupport.produce;
import static arr.indexer.IndexerTestSupport.producer;
import static arr.indexer.IndexerTestSupport.send;
import static arr.indexer.IndexerTestSupport.startIndexer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.load.RealisticMessages;
import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.indexer.deadletter.DeadLetterLedger;
import arr.indexer.reconcile.Reconciler;
import arr.indexer.reconcile.Reconciliation;
import arr.indexer.reconcile.ReconciliationReporter;
import arr.indexer.reconcile.SkippedValue;
import arr.schemas.envelope.AuditEnvelope;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * For one audit source and a receipt-time range, published = indexed + quarantined + dead-lettered, with all
 * three kinds present and one envelope published twice (counted once); the same figures are on the management
 * port as gauges tagged with the source.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class ReconciliationIT {

    @Test
    void publishedEqualsIndexedPlusQuarantinedPlusDeadLetteredPerSource(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String source = "recon-" + tag;
        String peer = "10.77." + (tag.hashCode() & 0xff) + "." + ((tag.hashCode() >> 8) & 0xff);
        Instant from = Instant.now().minusSeconds(1);
        produce(stack, tag, 40, OffsetDateTime.now(ZoneOffset.UTC),
                xml -> xml.replaceAll("AuditSourceID=\"[^\"]+\"", "AuditSourceID=\"" + source + "\""));
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            // Not an envelope at all: dead-lettered at decoding, still counted for its key.
            producer.send(new ProducerRecord<>("audit.events", source, "not an envelope".getBytes(StandardCharsets.UTF_8)));
            // Not an audit message: quarantined; without an AuditSourceID its key is the peer.
            send(producer, envelope("<85>1 - - - - - <AuditMessage><broken".getBytes(StandardCharsets.UTF_8), peer));
            // A collector's retry: the same envelope twice, one document, one published envelope.
            AuditEnvelope retried = envelope(new String(new RealisticMessages(tag.hashCode() + 1, 10, 10)
                    .next(OffsetDateTime.now(ZoneOffset.UTC)), StandardCharsets.UTF_8)
                    .replaceAll("AuditSourceID=\"[^\"]+\"", "AuditSourceID=\"" + source + "\"").getBytes(StandardCharsets.UTF_8));
            send(producer, retried);
            send(producer, retried);
            // A retry of an envelope Elasticsearch refuses: two dead letters of one published envelope, counted once.
            AuditEnvelope refused = envelope(new String(new RealisticMessages(tag.hashCode() + 2, 10, 10)
                    .next(OffsetDateTime.now(ZoneOffset.UTC)), StandardCharsets.UTF_8)
                    .replaceAll("AuditSourceID=\"[^\"]+\"", "AuditSourceID=\"" + source + "\"").getBytes(StandardCharsets.UTF_8));
            sendRefused(producer, refused);
            sendRefused(producer, refused);
        }
        Map<String, Object> settings = IndexerTestSupport.indexerSettings(stack, "recon-" + tag);
        try (ApplicationContext indexer = startIndexer(settings)) {
            var reporter = indexer.getBean(IndexerLifecycle.class).reconciliation();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                Map<String, Reconciliation> books = reporter.run(from, Instant.now().plusSeconds(1));
                assertThat(books.get(source)).isEqualTo(new Reconciliation(43, 41, 0, 2, 0));
                assertThat(books.get("peer:" + peer)).isEqualTo(new Reconciliation(1, 0, 1, 0, 0));
            });
            MeterRegistry metrics = indexer.getBean(MeterRegistry.class);
            assertThat(metrics.get("arr.indexer.reconciliation.published").tag("source", source).gauge().value()).isEqualTo(43);
            assertThat(metrics.get("arr.indexer.reconciliation.deadlettered").tag("source", source).gauge().value()).isEqualTo(2);
            assertThat(metrics.get("arr.indexer.reconciliation.unaccounted").tag("source", source).gauge().value()).isZero();

            ChainVerificationIT.Run balanced = reconcile(stack, "recon-" + tag, "--from", from.toString(), "--to",
                    Instant.now().plusSeconds(1).toString(), "--source", source);
            assertThat(balanced.exit()).as(balanced.out() + balanced.err()).isZero();
            assertThat(balanced.out()).containsPattern(source + " +43 +41 +0 +2 +0 +0\n").contains("BALANCED");

            // One of the source's documents removed behind the indexer's back: the books no longer balance, and say so.
            String index = "audit-events-" + java.time.YearMonth.now(ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyy.MM"));
            String victim = json(http(stack, "POST", "/" + index + "/_search", "{\"size\":1,\"query\":{\"term\":{\"sourceKey\":\""
                    + source + "\"}}}")).path("hits").path("hits").get(0).path("_id").asText();
            http(stack, "DELETE", "/" + index + "/_doc/" + victim + "?refresh=true", null);
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            ((Logger) LoggerFactory.getLogger(ReconciliationReporter.class)).addAppender(log);
            try {
                assertThat(reporter.run(from, Instant.now().plusSeconds(1)).get(source)).isEqualTo(new Reconciliation(43, 40, 0, 2, 0));
            } finally {
                ((Logger) LoggerFactory.getLogger(ReconciliationReporter.class)).detachAppender(log);
            }
            assertThat(metrics.get("arr.indexer.reconciliation.unaccounted").tag("source", source).gauge().value()).isEqualTo(1);
            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                    .filteredOn(m -> m.contains(" " + source + " ")).singleElement().asString().contains("reconciliation mismatch for source " + source).contains("is off by 1");
            ChainVerificationIT.Run unbalanced = reconcile(stack, "recon-" + tag, "--from", from.toString(), "--to",
                    Instant.now().plusSeconds(1).toString(), "--source", source);
            assertThat(unbalanced.exit()).as(unbalanced.out() + unbalanced.err()).isEqualTo(1);
            assertThat(unbalanced.out()).containsPattern(source + " +43 +40 +0 +2 +0 +1  MISMATCH").contains("NOT BALANCED: 1 source(s)");
        }
    }

    /** As the collector publishes it, with a field the strict mapping does not know: Elasticsearch refuses it. */
    private static void sendRefused(KafkaProducer<String, byte[]> producer, AuditEnvelope envelope) {
        ProducerRecord<String, byte[]> filed = arr.schemas.envelope.EnvelopeRecords.producerRecord("audit.events", envelope);
        byte[] refused = ("{\"notMapped\":1," + new String(filed.value(), StandardCharsets.UTF_8).substring(1))
                .getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(filed.topic(), null, filed.timestamp(), filed.key(), refused, filed.headers()));
    }

    @Test
    void reconcilesBeforeAnyMessageWasEverQuarantined(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String source = "recon-" + tag;
        Instant from = Instant.now().minusSeconds(1);
        produce(stack, tag, 5, OffsetDateTime.now(ZoneOffset.UTC),
                xml -> xml.replaceAll("AuditSourceID=\"[^\"]+\"", "AuditSourceID=\"" + source + "\""));
        try (ApplicationContext indexer = startIndexer(IndexerTestSupport.indexerSettings(stack, "recon-" + tag))) {
            Properties consumer = new Properties();
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "recon-" + tag);
            consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SkippedValue.class.getName());
            // A fresh deployment: no quarantine index exists until the first invalid message arrives.
            Reconciler reconciler = new Reconciler(() -> new KafkaConsumer<>(consumer), "audit.events",
                    indexer.getBean(ElasticsearchClient.class), () -> new DeadLetterLedger(null, "audit.deadletter"),
                    "audit-events-*", "audit-quarantine-never-" + tag + "-*");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(reconciler.reconcile(from, Instant.now().plusSeconds(1)).get(source))
                            .isEqualTo(new Reconciliation(5, 5, 0, 0, 0)));
        }
    }

    /**
     * The range is exact by record timestamp (receipt time) whatever the order of the records in the log: a record
     * received before the range but written after one inside it is left out, and one received inside the range but
     * written after one received later (a publisher's retry) is counted.
     */
    @Test
    void countsExactlyTheRecordsReceivedInTheRangeWhateverTheirOrderInTheLog(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String topic = "recon-range-" + tag;
        String source = "recon-range-" + tag;
        try (Admin admin = IndexerTestSupport.admin(stack)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Instant from = Instant.now().minus(Duration.ofHours(1));
        Instant to = from.plus(Duration.ofMinutes(10));
        long[] receivedMinutesFromStart = {-1, 1, 0, 5, 11, 9, 20};
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (int i = 0; i < receivedMinutesFromStart.length; i++) {
                long minutes = receivedMinutesFromStart[i];
                long timestamp = from.plus(Duration.ofMinutes(minutes)).toEpochMilli() - (minutes == 0 ? 1 : 0);
                producer.send(new ProducerRecord<>(topic, 0, timestamp, source, ("record " + i).getBytes(StandardCharsets.UTF_8),
                        List.of(new RecordHeader(AuditEnvelope.ID_HEADER,
                                UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))))).get();
            }
        }
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "recon-range-" + tag);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SkippedValue.class.getName());
        try (ElasticsearchClient elasticsearch = ElasticsearchClients.connect(URI.create(stack.elasticsearchUrl()))) {
            Reconciler reconciler = new Reconciler(() -> new KafkaConsumer<>(consumer), topic, elasticsearch, () -> new DeadLetterLedger(null, "audit.deadletter"));

            // Received at +1, +5 and +9 minutes; not at -1, just before the start, +11 or +20.
            assertThat(reconciler.reconcile(from, to).get(source).published()).isEqualTo(3);
        }
    }

    private static ChainVerificationIT.Run reconcile(TestStack stack, String group, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = arr.indexer.reconcile.ReconcileCommandAccess.run(args, Map.of("AUDIT_ES_URL", stack.elasticsearchUrl(),
                        "AUDIT_KAFKA_BOOTSTRAP", stack.kafkaBootstrap(), "AUDIT_INDEXER_GROUP", group),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new ChainVerificationIT.Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package arr.indexer;

import static arr.indexer.IndexerTestSupport.countTagged;
import static arr.indexer.IndexerTestSupport.http;
import static arr.indexer.IndexerTestSupport.indexerSettings;
import static arr.indexer.IndexerTestSupport.json;
import static arr.indexer.IndexerTestSupport.produce;
import static arr.indexer.IndexerTestSupport.producer;
import static arr.indexer.IndexerTestSupport.startIndexer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.indexer.retention.RetentionJob;
import arr.schemas.index.LegalHold;
import com.fasterxml.jackson.databind.JsonNode;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.index.PlacementRules;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Retention against real Kafka and Elasticsearch: with max-age P16Y applied on 2026-06-15, January 2010 is deleted
 * whole, February (a patient under legal hold) and March (an audit source under legal hold) are kept, November (too
 * young) is kept; the purge is recorded as a Security Alert that is itself indexed, and verify reports January as
 * purged while the other months still verify intact.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class RetentionIT {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    @Test
    void retentionDeletesWholeMonthsPastMaxAgeExceptUnderLegalHoldAndRecordsEachPurge(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int count = 50;
        // This indexer reads only what this test sends: other tests' refused records would land in its dead letters.
        IndexerTestSupport.startAtTheEnd(stack, "retention-" + tag);
        // January names a patient whose hold placed through the API was released: it holds nothing.
        produce(stack, tag, count, OffsetDateTime.parse("2010-01-05T10:00:00Z"),
                xml -> xml.replaceAll("ParticipantObjectID=\"P\\d+\\^", "ParticipantObjectID=\"RELEASED-" + tag + "^"));
        produce(stack, tag, count, OffsetDateTime.parse("2010-02-05T10:00:00Z"),
                xml -> xml.replaceAll("ParticipantObjectID=\"P\\d+\\^", "ParticipantObjectID=\"HOLD-" + tag + "^"));
        produce(stack, tag, count, OffsetDateTime.parse("2010-03-05T10:00:00Z"),
                xml -> xml.replaceAll("AuditSourceID=\"[^\"]+\"", "AuditSourceID=\"held-" + tag + "\""));
        produce(stack, tag, count, OffsetDateTime.parse("2010-11-05T10:00:00Z"));
        // May names a patient held only by a hold an admin placed through the query API.
        produce(stack, tag, count, OffsetDateTime.parse("2010-05-05T10:00:00Z"),
                xml -> xml.replaceAll("ParticipantObjectID=\"P\\d+\\^", "ParticipantObjectID=\"APIHOLD-" + tag + "^"));
        // Two messages too broken to normalize, quarantined by their receipt month: April's names the held patient
        // (under yet another authority), which only its text says; May's names someone else.
        sendQuarantined(stack, Instant.parse("2010-04-10T10:00:00Z"), "HOLD-" + tag + "^^^&amp;1.2.3&amp;ISO");
        sendQuarantined(stack, Instant.parse("2010-05-10T10:00:00Z"), "nobody-" + tag);
        // Three January events Elasticsearch refuses (a field the strict mapping does not know), dead-lettered into a
        // topic of this test's own: they hold the whole message, so they must go when January goes.
        String deadLetters = "retention-deadletter-" + tag;
        try (var admin = IndexerTestSupport.admin(stack)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(deadLetters, 1, (short) 1)
                    .configs(Map.of("retention.ms", "-1")))).all().get();
        }
        produce(stack, tag + "refused", 3, OffsetDateTime.parse("2010-01-07T10:00:00Z"), xml -> xml, RetentionIT::sendRefused);
        Map<String, Object> settings = indexerSettings(stack, "retention-" + tag);
        settings.put("arr.indexer.retention.min-age", "P6Y");
        settings.put("arr.indexer.retention.max-age", "P16Y");
        // The hold names the patient under another authority than the device sent: it holds the ID under any.
        settings.put("arr.indexer.retention.hold-patients", "someone-else,HOLD-" + tag + "^^^OTHER&9.9.9&ISO^PI");
        settings.put("arr.indexer.retention.hold-sources", "held-" + tag);
        // Only the test applies the policy (at its own "now"): a scheduled run by the real clock would race it.
        settings.put("arr.indexer.retention.first-run", "1h");
        settings.put("arr.indexer.dead-letter-topic", deadLetters);
        try (ApplicationContext indexer = startIndexer(settings)) {
            // April's events are all under the hold, and not yet searchable when retention counts them: their index
            // (made once the indexer installed the template) never refreshes by itself. Retention must refresh it first:
            // a count before the refresh sees none held.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
                    http(stack, "GET", "/_index_template/audit-events", null)).contains("index_patterns"));
            http(stack, "PUT", "/audit-events-2010.04", "{\"settings\":{\"index.refresh_interval\":\"-1\"}}");
            produce(stack, tag, 5, OffsetDateTime.parse("2010-04-05T10:00:00Z"),
                    xml -> xml.replaceAll("ParticipantObjectID=\"P\\d+\\^", "ParticipantObjectID=\"HOLD-" + tag + "^"));
            for (String month : List.of("2010.01", "2010.02", "2010.03", "2010.05", "2010.11")) {
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(countTagged(stack, "audit-events-" + month, tag)).isEqualTo(count));
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(json(http(stack, "GET",
                    "/audit-events-2010.04/_stats/indexing", null)).path("_all").path("primaries").path("indexing")
                    .path("index_total").asLong()).isEqualTo(5));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(deadLetterRange(stack, deadLetters))
                    .containsExactly(0L, 3L));
            // Then two refused January events from the audit source on hold: January itself holds nothing held (they
            // never reached it) and goes, but their dead letters are the only copy and must stay.
            produce(stack, tag + "refusedheld", 2, OffsetDateTime.parse("2010-01-08T10:00:00Z"),
                    xml -> xml.replaceAll("AuditSourceID=\"[^\"]+\"", "AuditSourceID=\"held-" + tag + "\""), RetentionIT::sendRefused);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(deadLetterRange(stack, deadLetters))
                    .containsExactly(0L, 5L));
            for (String month : List.of("2010.04", "2010.05")) {
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                    http(stack, "POST", "/audit-quarantine-" + month + "/_refresh", null);
                    assertThat(json(http(stack, "GET", "/audit-quarantine-" + month + "/_count", null)).path("count").asLong())
                            .isEqualTo(1);
                });
            }

            // While the indexer has not indexed everything received before a month's deadline, the month waits.
            RetentionJob retention = indexer.getBean(IndexerLifecycle.class).retention();
            List<Instant> asked = new java.util.ArrayList<>();
            assertThat(retention.withProgress(receivedBefore -> asked.add(receivedBefore) && false).apply(NOW).stream()
                    .filter(d -> d.index().startsWith("audit-events-2010"))
                    .collect(Collectors.toMap(RetentionJob.Decision::index, RetentionJob.Decision::action)))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "audit-events-2010.01", RetentionJob.Action.WAITING,
                            "audit-events-2010.02", RetentionJob.Action.WAITING,
                            "audit-events-2010.03", RetentionJob.Action.WAITING,
                            "audit-events-2010.04", RetentionJob.Action.WAITING,
                            "audit-events-2010.05", RetentionJob.Action.WAITING,
                            "audit-events-2010.11", RetentionJob.Action.KEPT));
            // Each month waits for what was received up to an hour past its deadline (month end + 16 years).
            assertThat(asked).contains(Instant.parse("2026-02-01T01:00:00Z"), Instant.parse("2026-03-01T01:00:00Z"),
                    Instant.parse("2026-04-01T01:00:00Z"), Instant.parse("2026-05-01T01:00:00Z"),
                    Instant.parse("2026-06-01T01:00:00Z"));
            assertThat(json(http(stack, "GET", "/_cat/indices/audit-events-2010.*?format=json", null)).findValuesAsText("index"))
                    .containsExactlyInAnyOrder("audit-events-2010.01", "audit-events-2010.02", "audit-events-2010.03",
                            "audit-events-2010.04", "audit-events-2010.05", "audit-events-2010.11");
            assertThat(json(http(stack, "GET", "/audit-events-2010.04/_count", null)).path("count").asLong())
                    .as("nothing of April searchable yet").isZero();

            // The holds an admin placed through the query API, as it stores them: one active, one released.
            placeThroughTheApi(stack, "patient", "APIHOLD-" + tag, null);
            placeThroughTheApi(stack, "patient", "RELEASED-" + tag, "2026-06-01T00:00:00Z");

            List<RetentionJob.Decision> applied = retention.apply(NOW);
            Map<String, RetentionJob.Action> decisions = applied.stream()
                    .filter(d -> d.index().startsWith("audit-events-2010"))
                    .collect(Collectors.toMap(RetentionJob.Decision::index, RetentionJob.Decision::action));
            assertThat(applied.stream().filter(d -> d.index().startsWith("audit-quarantine-2010"))
                    .collect(Collectors.toMap(RetentionJob.Decision::index, RetentionJob.Decision::action)))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "audit-quarantine-2010.04", RetentionJob.Action.HELD,
                            "audit-quarantine-2010.05", RetentionJob.Action.DELETED));
            // January's dead letters went with it, except the two under the hold.
            assertThat(deadLetterRange(stack, deadLetters)).containsExactly(3L, 5L);

            assertThat(decisions).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "audit-events-2010.01", RetentionJob.Action.DELETED,
                    "audit-events-2010.02", RetentionJob.Action.HELD,
                    "audit-events-2010.03", RetentionJob.Action.HELD,
                    "audit-events-2010.04", RetentionJob.Action.HELD,
                    "audit-events-2010.05", RetentionJob.Action.HELD,
                    "audit-events-2010.11", RetentionJob.Action.KEPT));
            assertThat(json(http(stack, "GET", "/_cat/indices/audit-events-2010.*?format=json", null)).findValuesAsText("index"))
                    .containsExactlyInAnyOrder("audit-events-2010.02", "audit-events-2010.03", "audit-events-2010.04",
                            "audit-events-2010.05", "audit-events-2010.11");
            http(stack, "PUT", "/audit-events-2010.04/_settings", "{\"index.refresh_interval\":null}");
            // A scheduled run stores what it decided, for the query API to show an admin.
            retention.run(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
            JsonNode status = json(http(stack, "GET", "/audit-retention/_doc/status", null)).path("_source");
            assertThat(status.path("outcome").asText()).isEqualTo("ok");
            assertThat(status.path("maxAge").asText()).isEqualTo("P16Y");
            assertThat(status.path("runAt").asText()).isEqualTo(NOW.toString());
            assertThat(status.path("months").findValuesAsText("index")).contains("audit-events-2010.02", "audit-events-2010.11");
            assertThat(status.path("months")).anySatisfy(m -> {
                assertThat(m.path("index").asText()).isEqualTo("audit-events-2010.05");
                assertThat(m.path("action").asText()).isEqualTo("HELD");
            });
            // The purge is in the repository itself, as a Security Alert naming the index and its size.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                http(stack, "POST", "/audit-events/_refresh", null);
                var hits = json(http(stack, "POST", "/audit-events/_search", "{\"query\":{\"bool\":{\"filter\":["
                        + "{\"term\":{\"eventId.code\":\"110113\"}},{\"term\":{\"objects.id\":\"elasticsearch:audit-events-2010.01\"}}"
                        + "]}}}")).path("hits").path("hits");
                assertThat(hits).hasSize(1);
                assertThat(hits.get(0).path("_source").path("validation").path("status").asText()).isEqualTo("valid");
                assertThat(hits.get(0).path("_source").path("freeText").asText()).contains("audit-events-2010.01");
            });

            // A late event from the deleted month, published as the collector does with the same max-age: filed by
            // its receipt time, it does not re-create the month (which would start a new chain against the deleted
            // month's checkpoints).
            PlacementRules rules = PlacementRules.of("P16Y", "max-age");
            produce(stack, tag + "late", 1, OffsetDateTime.parse("2010-01-20T10:00:00Z"), xml -> xml,
                    (producer, envelope) -> producer.send(EnvelopeRecords.producerRecord("audit.events", envelope, rules)));
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(countTagged(stack, "audit-events", tag + "late")).isEqualTo(1));
            var late = json(http(stack, "POST", "/audit-events/_search", "{\"query\":{\"term\":{\"sources.site\":\"site-"
                    + tag + "late\"}}}")).path("hits").path("hits").get(0);
            assertThat(late.path("_index").asText()).isEqualTo("audit-events-" + java.time.format.DateTimeFormatter.ofPattern("yyyy.MM")
                    .withZone(java.time.ZoneOffset.UTC).format(Instant.parse(late.path("_source").path("receivedAt").asText())));
            assertThat(late.path("_source").path("validation").path("issues").toString()).contains("EVENT_PAST_RETENTION");
            assertThat(json(http(stack, "GET", "/_cat/indices/audit-events-2010.*?format=json", null)).findValuesAsText("index"))
                    .doesNotContain("audit-events-2010.01");
        }
        var run = ChainVerificationIT.run(stack, "--from", "2010-01-01", "--to", "2010-12-31");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("PURGED +audit-events-2010.01 +" + count + " documents deleted");
        assertThat(run.out()).containsPattern("PURGED +audit-quarantine-2010.05 +1 documents deleted");
        // Six months kept (five of events, April's quarantine) and two purged.
        assertThat(run.out()).contains("verified 8 indices").contains((4 * count + 5 + 1) + " documents");
    }

    /** Publishes the event as the collector does, with a field the strict mapping does not know: Elasticsearch refuses it. */
    /** A hold as the query API stores it (its index made from the shared mapping), released at {@code releasedAt} unless null. */
    private static void placeThroughTheApi(TestStack stack, String kind, String value, String releasedAt) throws Exception {
        try (var in = RetentionIT.class.getResourceAsStream("/elasticsearch/" + LegalHold.INDEX + ".index.json")) {
            // The first hold makes the index; for the next, Elasticsearch answers that it exists.
            http(stack, "PUT", "/" + LegalHold.INDEX, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        LegalHold hold = new LegalHold(UUID.randomUUID().toString(), kind, value, "case 2026-17", "admin", "2026-05-01T00:00:00Z",
                releasedAt == null ? null : "admin", releasedAt);
        http(stack, "PUT", "/" + LegalHold.INDEX + "/_doc/" + hold.id() + "?refresh=true",
                arr.schemas.envelope.EnvelopeCodec.mapper().writeValueAsString(hold));
    }

    private static void sendRefused(KafkaProducer<String, byte[]> producer, AuditEnvelope envelope) {
        ProducerRecord<String, byte[]> filed = EnvelopeRecords.producerRecord("audit.events", envelope);
        byte[] refused = ("{\"notMapped\":1," + new String(filed.value(), StandardCharsets.UTF_8).substring(1))
                .getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(filed.topic(), null, filed.timestamp(), filed.key(), refused, filed.headers()));
    }

    /** The first and the end offset of the one-partition dead-letter topic. */
    private static List<Long> deadLetterRange(TestStack stack, String topic) {
        var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
        var props = new java.util.Properties();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            return List.of(consumer.beginningOffsets(List.of(partition)).get(partition),
                    consumer.endOffsets(List.of(partition)).get(partition));
        }
    }

    /** A message cut off midway, received at {@code receivedAt}, published as the collector does. */
    private static void sendQuarantined(TestStack stack, Instant receivedAt, String patient) throws Exception {
        String xml = "<AuditMessage><ParticipantObjectIdentification ParticipantObjectID=\"" + patient
                + "\" ParticipantObjectTypeCode=\"1\"><ParticipantObj";
        byte[] frame = ("<85>1 " + receivedAt + " broken-device app 1 IHE+RFC-3881 - " + xml).getBytes(StandardCharsets.UTF_8);
        AuditEnvelope envelope = EnvelopeCapture.capture(AuditMessageValidator.withDefaults(), receivedAt, frame, Transport.TCP,
                "10.0.0.9", 5000, null);
        ProducerRecord<String, byte[]> filed = EnvelopeRecords.producerRecord("audit.events", envelope);
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            // Stamped now, not with its receipt time, so the topic's time-based retention cannot delete it first; the
            // month comes from the record's headers.
            producer.send(new ProducerRecord<>(filed.topic(), null, System.currentTimeMillis(), filed.key(), filed.value(),
                    filed.headers())).get();
        }
    }
}

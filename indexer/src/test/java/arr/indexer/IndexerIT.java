package arr.indexer;

import static arr.indexer.IndexerTestSupport.committedOffsets;
import static arr.indexer.IndexerTestSupport.countTagged;
import static arr.indexer.IndexerTestSupport.envelope;
import static arr.indexer.IndexerTestSupport.groupMembers;
import static arr.indexer.IndexerTestSupport.http;
import static arr.indexer.IndexerTestSupport.indexerSettings;
import static arr.indexer.IndexerTestSupport.json;
import static arr.indexer.IndexerTestSupport.lastIndexedOffsets;
import static arr.indexer.IndexerTestSupport.produce;
import static arr.indexer.IndexerTestSupport.producer;
import static arr.indexer.IndexerTestSupport.send;
import static arr.indexer.IndexerTestSupport.startIndexer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.local.SampleSender;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.index.AuditDocument;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** The indexer against real Kafka and Elasticsearch: N envelopes in gives N documents, a replay adds none. */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class IndexerIT {

    @Test
    void everyEnvelopeIsIndexedOnceAndAReplayAddsNothing(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int count = 500;
        produce(stack, tag, count, OffsetDateTime.now(ZoneOffset.UTC));
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            send(producer, envelope("<85>1 - - - - - not xml".getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, Object> settings = indexerSettings(stack, "it-" + tag);
        try (ApplicationContext indexer = startIndexer(settings)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(count));
            // The metrics the README lists are on the management port.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.get("micronaut.server.port") + "/prometheus"))
                            .build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("arr_indexer_documents_total{outcome=\"indexed\"", "arr_indexer_checkpoints_total",
                            "arr_indexer_checkpoints_rounds_suspended", "kafka_consumer_fetch_manager_records_lag_max"));
        }
        // A second consumer group reads everything again from the start: create + 409 keeps one copy each.
        try (ApplicationContext replay = startIndexer(stack, "it-replay-" + tag)) {
            Thread.sleep(8_000);
            assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(count);
        }
        http(stack, "POST", "/audit-quarantine/_refresh", null);
        assertThat(json(http(stack, "POST", "/audit-quarantine/_count", null)).path("count").asLong()).isGreaterThanOrEqualTo(1);
    }

    /**
     * A stopped indexer commits what it indexed and leaves its consumer group as it closes: a successor in the group
     * is assigned every partition at once and goes on from there, instead of waiting out the session timeout (45 s)
     * or reading again what was done.
     */
    @Test
    void aStoppedIndexerLeavesItsGroupWithEverythingItIndexedCommitted(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "leave-" + tag;
        produce(stack, tag, 40, OffsetDateTime.now(ZoneOffset.UTC));
        try (ApplicationContext indexer = startIndexer(stack, group)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(40));
        }
        assertThat(groupMembers(stack, group)).as("members still in %s after its only indexer stopped", group).isEmpty();
        Map<Integer, Long> committed = committedOffsets(stack, group);
        Map<Integer, Long> indexed = lastIndexedOffsets(stack, "audit-events", tag);
        assertThat(indexed).isNotEmpty();
        indexed.forEach((partition, offset) -> assertThat(committed.get(partition))
                .as("committed offset of partition %d, whose record %d is indexed", partition, offset).isGreaterThan(offset));
    }

    /**
     * The consumer fetches at most {@code IndexerLifecycle.FETCH_MAX_BYTES} (448 KiB) per request and half that per
     * partition, to keep fetch responses out of G1's humongous allocations; a record larger than either limit must
     * still be fetched and indexed (Kafka returns a first batch whole whatever the limit).
     */
    @Test
    void recordsLargerThanTheFetchLimitsAreIndexedToo(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // Raw messages of ~250 kB (the collector's default limit is 256 KiB) and ~600 kB: as documents (raw in
        // base64) ~335 kB, over the per-partition limit, and ~800 kB, over the whole fetch's.
        List<Integer> sizes = List.of(250_000, 600_000, 250_000);
        Iterator<Integer> padding = sizes.iterator();
        produce(stack, tag, sizes.size(), OffsetDateTime.now(ZoneOffset.UTC),
                xml -> xml.replace("<AuditMessage>", "<AuditMessage><!--" + "x".repeat(padding.next()) + "-->"));
        produce(stack, tag, 20, OffsetDateTime.now(ZoneOffset.UTC));
        try (ApplicationContext indexer = startIndexer(stack, "it-large-" + tag)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(sizes.size() + 20));
        }
        JsonNode hits = json(http(stack, "POST", "/audit-events/_search",
                "{\"query\":{\"term\":{\"sources.site\":\"site-" + tag + "\"}},\"size\":100,\"_source\":[\"rawSize\"]}"))
                .path("hits").path("hits");
        long largest = 0;
        for (JsonNode hit : hits) {
            largest = Math.max(largest, hit.path("_source").path("rawSize").asLong());
        }
        assertThat(largest).isGreaterThan(600_000);
    }

    /**
     * A record of a collector or query API of document schema 6 (version 4: no objects' types and roles), as an
     * upgrade leaves in the topic or an older writer still sends, is filed as it is and marks its month as holding
     * documents without them, so that the query API does not search that month by them; a month of current records
     * is not marked.
     */
    @Test
    void aDocumentOfAnOlderWriterMarksItsMonthAsLackingTheObjectsTypesAndRoles(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // Only this test files documents there: gone first, so that no mark of an earlier run counts.
        http(stack, "DELETE", "/audit-events-2017.01?ignore_unavailable=true", null);
        produce(stack, tag, 3, OffsetDateTime.of(2017, 1, 15, 10, 0, 0, 0, ZoneOffset.UTC), xml -> xml,
                IndexerTestSupport::sendAsVersion4);
        produce(stack, tag, 3, OffsetDateTime.of(2018, 1, 15, 10, 0, 0, 0, ZoneOffset.UTC));
        try (ApplicationContext indexer = startIndexer(stack, "it-older-writer-" + tag)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(6));
        }
        JsonNode older = json(http(stack, "GET", "/audit-events-2017.01/_mapping", null)).path("audit-events-2017.01")
                .path("mappings").path("_meta");
        assertThat(older.path(AuditDocument.PARTIAL_FIELDS_META)).extracting(JsonNode::asText)
                .containsExactly("objects.role", "objects.type");
        assertThat(older.path("schemaVersion").asInt()).as("the rest of _meta kept").isEqualTo(AuditDocument.SCHEMA_VERSION);
        assertThat(older.path("readableFromSchema").asInt()).isEqualTo(AuditDocument.READABLE_FROM_SCHEMA);
        assertThat(json(http(stack, "POST", "/audit-events-2017.01/_count", "{\"query\":{\"exists\":{\"field\":\"objects.type\"}}}"))
                .path("count").asLong()).as("filed as they were").isZero();
        JsonNode current = json(http(stack, "GET", "/audit-events-2018.01/_mapping", null)).path("audit-events-2018.01")
                .path("mappings").path("_meta");
        assertThat(current.has(AuditDocument.PARTIAL_FIELDS_META)).isFalse();
        assertThat(json(http(stack, "POST", "/audit-events-2018.01/_count", "{\"query\":{\"exists\":{\"field\":\"objects.type\"}}}"))
                .path("count").asLong()).isPositive();
    }

    /**
     * Lucene refuses a term over 32,766 bytes, and with it the whole document: an event with an absurdly long
     * UserID or object ID went to the dead letters, out of every search. Those keywords ignore values over 10,922
     * UTF-16 units (at most 3 bytes each), so the event is indexed and found by its other fields, the long values kept
     * in the document and named in {@code _ignored}, and not found by a search for them.
     */
    @Test
    void anEventWithAValueTooLongForAKeywordIsIndexedAndFoundByItsOtherFields(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String longValue = "\uD83D\uDE00".repeat(9_000);
        String xml = """
                <AuditMessage><EventIdentification EventActionCode="R" EventDateTime="%s" EventOutcomeIndicator="0">\
                <EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/></EventIdentification>\
                <ActiveParticipant UserID="%s" UserIsRequestor="true"/>\
                <AuditSourceIdentification AuditSourceID="long-%s" AuditEnterpriseSiteID="site-%s"/>\
                <ParticipantObjectIdentification ParticipantObjectID="4711-%s^^^&amp;1.2.3&amp;ISO" ParticipantObjectTypeCode="1" \
                ParticipantObjectTypeCodeRole="1"><ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" \
                originalText="Patient Number"/></ParticipantObjectIdentification>\
                <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="2" \
                ParticipantObjectTypeCodeRole="3"><ParticipantObjectIDTypeCode csd-code="12" codeSystemName="RFC-3881" \
                originalText="URI"/></ParticipantObjectIdentification></AuditMessage>"""
                .formatted(OffsetDateTime.now(ZoneOffset.UTC), longValue, tag, tag, tag, longValue);
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            send(producer, envelope(SampleSender.asSyslog(xml.getBytes(StandardCharsets.UTF_8))));
        }
        try (ApplicationContext indexer = startIndexer(stack, "it-long-" + tag)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(1));
        }
        JsonNode hits = json(http(stack, "POST", "/audit-events/_search",
                "{\"query\":{\"term\":{\"patients.id\":\"4711-" + tag + "\"}},\"_source\":[\"participants.userId\"]}"))
                .path("hits").path("hits");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).path("_ignored")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("participants.userId", "objects.id");
        assertThat(hits.get(0).path("_source").path("participants").path(0).path("userId").asText()).isEqualTo(longValue);
        assertThat(json(http(stack, "POST", "/audit-events/_count", "{\"query\":{\"term\":{\"participants.userId\":\""
                + longValue + "\"}}}")).path("count").asLong()).isZero();
    }
}

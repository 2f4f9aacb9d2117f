package arr.indexer;

import static arr.indexer.IndexerTestSupport.countTagged;
import static arr.indexer.IndexerTestSupport.groupMembers;
import static arr.indexer.IndexerTestSupport.http;
import static arr.indexer.IndexerTestSupport.json;
import static arr.indexer.IndexerTestSupport.produce;
import static arr.indexer.IndexerTestSupport.startIndexer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.indexer.checkpoint.AnchorTopic;
import arr.indexer.verify.Finding;
import arr.schemas.chain.ChainHashes;
import arr.schemas.chain.ChainedDocuments;
import arr.schemas.envelope.EnvelopeCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The chain against real Kafka and Elasticsearch: an untouched month verifies intact (exit 0); an edited field, an
 * edited raw message, a deleted document, an inserted one and a forged checkpoint are each reported (exit 1).
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class ChainVerificationIT {

    private static final String INDEX = "audit-events-2019.03";

    @Test
    void verifyFindsEveryEditDeletionAndInsertionAndNothingElse(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int count = 300;
        produce(stack, tag, count, OffsetDateTime.parse("2019-03-10T08:00:00+01:00"));
        indexWith(stack, "chain-" + tag, INDEX, tag, count);
        Run intact = verify(stack);
        assertThat(intact.exit()).as(intact.out()).isZero();
        assertThat(intact.out()).contains("verified 1 indices").contains(count + " documents").contains("INTACT");

        List<JsonNode> chain = longestChain(stack);
        assertThat(chain).hasSizeGreaterThan(12);
        JsonNode edited = chain.get(3);
        JsonNode rawEdited = chain.get(6);
        JsonNode deleted = chain.get(9);
        // Someone with write access to Elasticsearch changes the action of one event...
        http(stack, "POST", "/" + INDEX + "/_update/" + id(edited), "{\"doc\":{\"action\":\"D\"}}");
        // ...rewrites the raw message of another (a different user in the XML) ...
        String raw = rawEdited.path("_source").path("rawText").asText();
        assertThat(raw).contains("UserID=");
        ObjectNode forgedRaw = EnvelopeCodec.mapper().createObjectNode();
        forgedRaw.putObject("doc").put("rawText", raw.replaceFirst("UserID=\"[^\"]*\"", "UserID=\"nobody\""));
        http(stack, "POST", "/" + INDEX + "/_update/" + id(rawEdited), forgedRaw.toString());
        // ...deletes a third, and adds an event that never happened, copying a real one's chain link.
        http(stack, "DELETE", "/" + INDEX + "/_doc/" + id(deleted), null);
        ObjectNode inserted = (ObjectNode) chain.get(11).path("_source").deepCopy();
        String insertedId = UUID.randomUUID().toString();
        inserted.put("id", insertedId);
        http(stack, "PUT", "/" + INDEX + "/_doc/" + insertedId + "?refresh=true", inserted.toString());

        Run tampered = verify(stack);
        assertThat(tampered.exit()).as(tampered.out()).isEqualTo(1);
        assertThat(tampered.out()).contains("NOT INTACT");
        assertThat(lines(tampered, Finding.Kind.MODIFIED)).anyMatch(l -> l.contains(id(edited)));
        assertThat(lines(tampered, Finding.Kind.MODIFIED)).anyMatch(l -> l.contains(id(rawEdited)));
        assertThat(lines(tampered, Finding.Kind.DELETED)).anyMatch(l -> l.contains("sequence " + sequence(deleted) + " "));
        assertThat(lines(tampered, Finding.Kind.INSERTED)).anyMatch(l -> l.contains(insertedId));
        assertThat(tampered.out().lines().filter(l -> l.matches("^(MODIFIED|DELETED|INSERTED|INDEX_DELETED|CHECKPOINT_MISMATCH) .*")))
                .as(tampered.out()).hasSize(4);

        // A checkpoint edited to match a forged chain no longer carries a valid signature.
        JsonNode checkpoint = json(http(stack, "POST", "/audit-checkpoints/_search", "{\"size\":1,\"query\":{\"term\":{\"index\":\""
                + INDEX + "\"}}}")).path("hits").path("hits").get(0);
        http(stack, "POST", "/audit-checkpoints/_update/" + checkpoint.path("_id").asText() + "?refresh=true",
                "{\"doc\":{\"hash\":\"" + "0".repeat(64) + "\"}}");
        Run forged = verify(stack);
        assertThat(lines(forged, Finding.Kind.CHECKPOINT_MISMATCH)).as(forged.out()).anyMatch(l -> l.contains("not signed by key"));
    }

    /**
     * Records left in the topic by a collector from before version 2 (JSON envelopes) index, chain and verify exactly
     * like the documents a collector publishes now, interleaved on the same partitions.
     */
    @Test
    void recordsOfBothEnvelopeVersionsIndexAlikeAndVerifyIntact(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2017.08";
        OffsetDateTime time = OffsetDateTime.parse("2017-08-10T08:00:00+01:00");
        produce(stack, tag + "a", 60, time, xml -> xml, IndexerTestSupport::sendAsVersion1);
        produce(stack, tag + "b", 60, time.plusHours(1), xml -> xml, IndexerTestSupport::send);
        produce(stack, tag + "c", 60, time.plusHours(2), xml -> xml, IndexerTestSupport::sendAsVersion1);
        try (ApplicationContext indexer = startIndexer(stack, "versions-" + tag)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                assertThat(countTagged(stack, index, tag + "a")).isEqualTo(60);
                assertThat(countTagged(stack, index, tag + "b")).isEqualTo(60);
                assertThat(countTagged(stack, index, tag + "c")).isEqualTo(60);
            });
        }
        Run run = run(stack, "--from", "2017-08-01", "--to", "2017-08-31");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("180 documents").contains("INTACT");
        // The same message in either version becomes the same document (only the IDs and chain links differ, and the
        // objects' types and roles, which documents of records before version 5 do not hold).
        byte[] frame = new arr.deploy.load.RealisticMessages(7, 10, 10).next(time.plusHours(3));
        arr.schemas.envelope.AuditEnvelope first = IndexerTestSupport.envelope(frame);
        arr.schemas.envelope.AuditEnvelope second = new arr.schemas.envelope.AuditEnvelope(first.v(), UUID.randomUUID(),
                first.receivedAt(), first.raw(), first.rawSize(), first.transport(), first.validation(), first.event());
        try (var producer = IndexerTestSupport.producer(stack)) {
            IndexerTestSupport.sendAsVersion1(producer, first);
            IndexerTestSupport.send(producer, second);
        }
        // A successor waits for the group to drop its predecessor: at once after a LeaveGroup, 45 s without one.
        assertThat(groupMembers(stack, "versions-" + tag)).isEmpty();
        try (ApplicationContext indexer = startIndexer(stack, "versions-" + tag)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                http(stack, "POST", "/" + index + "/_refresh", null);
                assertThat(sourceWithoutIdentity(stack, index, first.id().toString()))
                        .isEqualTo(sourceWithoutIdentity(stack, index, second.id().toString()));
            });
            // So the month says that some of its documents lack them.
            assertThat(json(http(stack, "GET", "/" + index + "/_mapping", null)).path(index).path("mappings").path("_meta")
                    .path(arr.schemas.index.AuditDocument.PARTIAL_FIELDS_META)).extracting(JsonNode::asText)
                    .containsExactly("objects.role", "objects.type");
            assertThat(json(http(stack, "GET", "/" + index + "/_doc/" + first.id(), null)).path("_source").has("raw")).isTrue();
            assertThat(json(http(stack, "GET", "/" + index + "/_doc/" + second.id(), null)).path("_source").has("rawText")).isTrue();
        }
    }

    /** The raw digest travels in a header: one that does not match the message is reported by verify, not trusted. */
    @Test
    void aRecordWhoseRawDigestDoesNotMatchItsMessageIsReportedModified(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        produce(stack, tag, 20, OffsetDateTime.parse("2017-09-10T08:00:00Z"));
        byte[] frame = new String(new arr.deploy.load.RealisticMessages(9, 10, 10).next(OffsetDateTime.parse("2017-09-10T09:00:00Z")),
                StandardCharsets.UTF_8).replace("Hospital-1", "site-" + tag).getBytes(StandardCharsets.UTF_8);
        arr.schemas.envelope.AuditEnvelope lying = IndexerTestSupport.envelope(frame);
        var record = arr.schemas.envelope.EnvelopeRecords.producerRecord("audit.events", lying);
        record.headers().remove(arr.schemas.envelope.EnvelopeRecords.RAW_DIGEST_HEADER)
                .add(arr.schemas.envelope.EnvelopeRecords.RAW_DIGEST_HEADER, "ab".repeat(32).getBytes(StandardCharsets.US_ASCII));
        try (var producer = IndexerTestSupport.producer(stack)) {
            producer.send(record).get();
        }
        indexWith(stack, "digest-" + tag, "audit-events-2017.09", tag, 21);
        Run run = run(stack, "--from", "2017-09-01", "--to", "2017-09-30");
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(lines(run, Finding.Kind.MODIFIED)).as(run.out()).singleElement().satisfies(l -> assertThat(l).contains(lying.id().toString()));
    }

    /**
     * Anyone with write access to Elasticsearch can extend a chain with correct hashes: only the signed checkpoints
     * tell. A document after its chain's last checkpoint is reported once the partition is checkpointed past its
     * offset, and one that claims an offset Kafka never reached at once.
     */
    @Test
    void aChainExtendedAfterItsLastCheckpointIsReportedUnanchored(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2017.02";
        produce(stack, tag, 40, OffsetDateTime.parse("2017-02-10T08:00:00Z"));
        indexWith(stack, "anchor-" + tag, index, tag, 40);
        JsonNode head = chainHead(stack, index);
        JsonNode link = head.path("_source").path("chain");
        ObjectNode next = forgedSuccessor(head.path("_source"), link.path("offset").asLong() + 1);
        ObjectNode beyond = forgedSuccessor(next, 1_000_000_000_000L);
        for (ObjectNode forged : List.of(next, beyond)) {
            http(stack, "PUT", "/" + index + "/_doc/" + forged.path("id").asText() + "?refresh=true", forged.toString());
        }
        // Later events in the same partitions, checkpointed past the forged document's offset.
        produce(stack, tag + "x", 40, OffsetDateTime.parse("2017-03-10T08:00:00Z"));
        indexWith(stack, "anchor-" + tag, "audit-events-2017.03", tag + "x", 40);

        Run run = run(stack, "--from", "2017-02-01", "--to", "2017-02-28");

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(lines(run, Finding.Kind.UNANCHORED)).as(run.out()).singleElement()
                .satisfies(l -> assertThat(l).contains(next.path("id").asText()).contains("no checkpoint vouches for them"));
        assertThat(lines(run, Finding.Kind.INSERTED)).as(run.out()).singleElement()
                .satisfies(l -> assertThat(l).contains(beyond.path("id").asText()).contains("past the end of its partition"));
        assertThat(lines(run, Finding.Kind.MODIFIED)).as("the forged links are correct").isEmpty();
    }

    /**
     * SIGKILL between a commit and the next checkpoint round leaves indexed, committed documents that no checkpoint
     * covers (here made by deleting the month's checkpoints and the rounds after a clean run). The next owner of the
     * partitions recomputes their heads from Kafka and signs them when it is assigned them, so the month verifies
     * intact although its later rounds pass them.
     */
    @Test
    void headsAKilledIndexerLeftUnsignedAreSignedByTheNextOwner(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2017.04";
        String group = "resign-" + tag;
        Instant started = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        produce(stack, tag, 40, OffsetDateTime.parse("2017-04-10T08:00:00Z"));
        // Killed before it could copy its checkpoints to the anchor topic either: its copies go where verify does not look.
        Map<String, Object> killedBeforeAnchoring = IndexerTestSupport.indexerSettings(stack, group);
        killedBeforeAnchoring.put("arr.indexer.anchor-topic", "test.anchors.discarded-" + tag);
        try (ApplicationContext indexer = IndexerTestSupport.startIndexer(killedBeforeAnchoring)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, index, tag)).isEqualTo(40));
        }
        // The month's checkpoints and the rounds recorded since this test began: as if the indexer had been killed
        // right after committing, before any checkpoint round.
        // (One by one: this Elasticsearch distribution has no _delete_by_query.)
        JsonNode killed = json(http(stack, "POST", "/audit-checkpoints/_search", "{\"size\":1000,\"query\":{\"bool\":{\"should\":["
                + "{\"term\":{\"index\":\"" + index + "\"}},{\"bool\":{\"filter\":[{\"term\":{\"type\":\"round\"}},"
                + "{\"range\":{\"createdAt\":{\"gte\":\"" + started + "\"}}}]}}]}}}")).path("hits").path("hits");
        for (JsonNode checkpoint : killed) {
            http(stack, "DELETE", "/audit-checkpoints/_doc/" + checkpoint.path("_id").asText(), null);
        }
        assertThat(checkpointsOf(stack, index)).isZero();

        produce(stack, tag + "x", 40, OffsetDateTime.parse("2017-05-10T08:00:00Z"));
        indexWith(stack, group, "audit-events-2017.05", tag + "x", 40);

        assertThat(checkpointsOf(stack, index)).isPositive();
        Run run = run(stack, "--from", "2017-04-01", "--to", "2017-04-30");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("40 documents").contains("INTACT");
    }

    /** A whole month deleted behind the retention policy's back is reported: its checkpoints remain, no purge record does. */
    @Test
    void aMonthDeletedWithoutAPurgeRecordIsReported(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2017.07";
        produce(stack, tag, 20, OffsetDateTime.parse("2017-07-10T08:00:00Z"));
        indexWith(stack, "gone-" + tag, index, tag, 20);
        http(stack, "DELETE", "/" + index, null);

        Run run = run(stack, "--from", "2017-07-01", "--to", "2017-07-31");

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(lines(run, Finding.Kind.INDEX_DELETED)).as(run.out()).singleElement()
                .satisfies(l -> assertThat(l).contains(index).contains("20 documents").contains("no signed purge record"));
    }

    /**
     * A forged copy of the last document of a page of the walk, with the same chain position and the same envelope ID
     * (only Elasticsearch's own _id differs): it sorts right after the original, and until 2026-11-28 the next page,
     * asked for what comes after the original's sort values, skipped it. The walk pages on a point in time with
     * Elasticsearch's tiebreaker now, and sees it.
     */
    @Test
    void aForgeryTiedWithTheLastDocumentOfAPageIsFound(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2017.12";
        produce(stack, tag, 1_100, OffsetDateTime.parse("2017-12-10T08:00:00Z"));
        indexWith(stack, "tie-" + tag, index, tag, 1_100);
        JsonNode page = json(http(stack, "POST", "/" + index + "/_search", "{\"size\":1000,\"_source\":true,\"sort\":["
                + "{\"chain.partition\":\"asc\"},{\"chain.sequence\":\"asc\"},{\"id\":\"asc\"}]}")).path("hits").path("hits");
        JsonNode last = page.get(999);
        String forgedId = UUID.randomUUID().toString();
        http(stack, "PUT", "/" + index + "/_doc/" + forgedId + "?refresh=true", last.path("_source").toString());

        Run run = run(stack, "--from", "2017-12-01", "--to", "2017-12-31");

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(lines(run, Finding.Kind.INSERTED)).as(run.out()).anyMatch(l -> l.contains(forgedId) || l.contains(last.path("_id").asText()));
        assertThat(run.out()).contains("1101 documents");
    }

    /**
     * The chains intact, but what the API searches changed: a filter put on a month's entry of the read alias (hiding
     * events from every search), and another index added to the alias (forged events beside the chain). Until
     * 2026-11-28 verify walked the indices only and reported such a store intact.
     */
    @Test
    void aReadAliasChangedBehindTheChainsIsReported(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2017.11";
        produce(stack, tag, 20, OffsetDateTime.parse("2017-11-10T08:00:00Z"));
        indexWith(stack, "alias-" + tag, index, tag, 20);
        assertThat(run(stack, "--from", "2017-11-01", "--to", "2017-11-30").exit()).isZero();
        String forged = "forged-" + tag;
        String quarantine = "audit-quarantine-2017.11";
        http(stack, "PUT", "/" + forged, null);
        http(stack, "PUT", "/" + quarantine, null);
        try {
            http(stack, "POST", "/_aliases", "{\"actions\":[{\"add\":{\"index\":\"" + index + "\",\"alias\":\"audit-events\","
                    + "\"filter\":{\"term\":{\"eventId.code\":\"none\"}}}},{\"add\":{\"index\":\"" + forged
                    + "\",\"alias\":\"audit-events\"}},{\"add\":{\"index\":\"" + quarantine + "\",\"alias\":\"audit-events\"}}]}");

            Run run = run(stack, "--from", "2017-11-01", "--to", "2017-11-30");

            assertThat(run.exit()).as(run.out()).isEqualTo(1);
            assertThat(lines(run, Finding.Kind.ALIAS_CHANGED)).as(run.out()).hasSize(3)
                    .anySatisfy(l -> assertThat(l).contains(index).contains("filter"))
                    .anySatisfy(l -> assertThat(l).contains(forged).contains("not one of its chained months"))
                    .anySatisfy(l -> assertThat(l).contains(quarantine).contains("audit-events"));
        } finally {
            http(stack, "DELETE", "/" + forged, null);
            http(stack, "DELETE", "/" + quarantine, null);
            http(stack, "POST", "/_aliases", "{\"actions\":[{\"add\":{\"index\":\"" + index + "\",\"alias\":\"audit-events\"}}]}");
        }
        assertThat(run(stack, "--from", "2017-11-01", "--to", "2017-11-30").exit()).isZero();
    }

    /**
     * A publisher retrying after an unclear failure can put one envelope in the topic twice. The second copy's chain
     * position holds no document (its create is a 409); it is dead-lettered as a duplicate, which explains the gap,
     * so the month verifies intact and the books still count one envelope.
     */
    @Test
    void aSecondCopyOfAnEnvelopeLeavesAGapVerifyExplains(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2017.10";
        produce(stack, tag, 20, OffsetDateTime.parse("2017-10-10T08:00:00Z"));
        arr.schemas.envelope.AuditEnvelope twice = IndexerTestSupport.envelope(new String(new arr.deploy.load.RealisticMessages(
                tag.hashCode() + 1, 10, 10).next(OffsetDateTime.parse("2017-10-11T08:00:00Z")), StandardCharsets.UTF_8)
                .replace("Hospital-1", "site-" + tag).getBytes(StandardCharsets.UTF_8));
        try (var producer = IndexerTestSupport.producer(stack)) {
            IndexerTestSupport.send(producer, twice);
            IndexerTestSupport.send(producer, twice);
        }
        produce(stack, tag, 5, OffsetDateTime.parse("2017-10-12T08:00:00Z"));
        indexWith(stack, "twice-" + tag, index, tag, 26);

        Run run = run(stack, "--from", "2017-10-01", "--to", "2017-10-31");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(lines(run, Finding.Kind.DEAD_LETTERED)).as(run.out()).singleElement()
                .satisfies(l -> assertThat(l).contains(twice.id().toString()).contains("is a second copy"));
    }

    /**
     * An owner that cannot sign what a killed predecessor left unsigned (here: the checkpoint the stretch would start
     * from no longer verifies, as after a key rotation) leaves that stretch without checkpoints, and vouches again from
     * its own first offset: a forged successor later on the partition is reported, the documents of the lost stretch
     * are not (they are not additions, only unvouched). Before rounds had a start, the partition got no rounds at all
     * while that owner lasted, and the forgery went unreported. The month 2016.01 stays NOT INTACT on the shared stack
     * afterwards (an edited checkpoint), and 2016.02–03 carry rounds with a start: no other test may use them.
     */
    @Test
    void anUnsignableStretchLeavesOnlyItselfWithoutVouching(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "restart-" + tag;
        String january = "audit-events-2016.01";
        String february = "audit-events-2016.02";
        try (ApplicationContext indexer = startIndexer(stack, group)) {
            produce(stack, tag, 10, OffsetDateTime.parse("2016-01-10T08:00:00Z"), oneSource(tag));
            awaitCheckpointedHead(stack, january, tag, 10);
        }
        JsonNode vouched = newestCheckpoint(stack, january, chainHead(stack, january));
        // Killed after committing ten more, before their checkpoints and rounds (which are deleted here; its copies to
        // the anchor topic went where verify does not look).
        Instant killedRun = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Map<String, Object> killed = IndexerTestSupport.indexerSettings(stack, group);
        killed.put("arr.indexer.anchor-topic", "test.anchors.discarded-" + tag);
        try (ApplicationContext indexer = IndexerTestSupport.startIndexer(killed)) {
            produce(stack, tag, 10, OffsetDateTime.parse("2016-01-11T08:00:00Z"), oneSource(tag));
            awaitCheckpointedHead(stack, january, tag, 20);
        }
        int partition = vouched.path("partition").asInt();
        for (JsonNode written : checkpointsMatching(stack, "{\"bool\":{\"should\":[{\"bool\":{\"filter\":[{\"term\":{\"index\":\""
                + january + "\"}},{\"range\":{\"sequence\":{\"gt\":" + vouched.path("sequence").asLong() + "}}}]}},"
                + "{\"bool\":{\"filter\":[{\"term\":{\"type\":\"round\"}},{\"term\":{\"partition\":" + partition + "}},"
                + "{\"range\":{\"createdAt\":{\"gte\":\"" + killedRun + "\"}}}]}}]}}")) {
            http(stack, "DELETE", "/audit-checkpoints/_doc/" + id(written) + "?refresh=true", null);
        }
        // The stretch would start from January's last checkpoint, which no longer verifies.
        String vouchedId = january + ":" + partition + ":" + vouched.path("sequence").asLong();
        http(stack, "POST", "/audit-checkpoints/_update/" + vouchedId + "?refresh=true", "{\"doc\":{\"createdAt\":\"2016-01-01T00:00:00Z\"}}");

        // The next owner: February's events, then March's, which move the partition's rounds past February's head.
        try (ApplicationContext indexer = startIndexer(stack, group)) {
            produce(stack, tag, 10, OffsetDateTime.parse("2016-02-10T08:00:00Z"), oneSource(tag));
            awaitCheckpointedHead(stack, february, tag, 10);
            produce(stack, tag, 10, OffsetDateTime.parse("2016-03-10T08:00:00Z"), oneSource(tag));
            awaitCheckpointedHead(stack, "audit-events-2016.03", tag, 10);
            assertThat(indexer.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .get("arr.indexer.checkpoints.uncovered").counter().count()).isEqualTo(1);
        }
        JsonNode head = chainHead(stack, february);
        ObjectNode forged = forgedSuccessor(head.path("_source"), head.path("_source").path("chain").path("offset").asLong() + 1);
        http(stack, "PUT", "/" + february + "/_doc/" + forged.path("id").asText() + "?refresh=true", forged.toString());

        Run februaryRun = run(stack, "--from", "2016-02-01", "--to", "2016-02-29");
        Run januaryRun = run(stack, "--from", "2016-01-01", "--to", "2016-01-31");

        assertThat(februaryRun.exit()).as(februaryRun.out()).isEqualTo(1);
        assertThat(lines(februaryRun, Finding.Kind.UNANCHORED)).as(februaryRun.out()).singleElement()
                .satisfies(l -> assertThat(l).contains(forged.path("id").asText()));
        assertThat(januaryRun.out()).as("the edited checkpoint is reported").contains("CHECKPOINT_MISMATCH");
        assertThat(lines(januaryRun, Finding.Kind.UNANCHORED)).as("the lost stretch is not vouched for: " + januaryRun.out()).isEmpty();
        assertThat(lines(januaryRun, Finding.Kind.DELETED)).as(januaryRun.out()).isEmpty();
    }

    /** Every message from one audit source: one record key, so one partition and, per month, one chain. */
    private static java.util.function.UnaryOperator<String> oneSource(String tag) {
        return xml -> xml.replaceFirst("AuditSourceID=\"[^\"]*\"", "AuditSourceID=\"src-" + tag + "\"");
    }

    /**
     * Someone with write access to Elasticsearch deletes the newest documents of a chain together with everything in
     * {@code audit-checkpoints} that vouches for them (the chain's newest checkpoints and the partition's newest
     * rounds), and later a whole month with all its checkpoints. Inside Elasticsearch nothing shows either; the
     * copies in the anchor topic do. The month 2016.05 stays NOT INTACT on the shared stack afterwards (its anchors
     * remain): no other test may verify it.
     */
    @Test
    void checkpointsDeletedWithWhatTheyVouchForAreReportedFromTheirAnchors(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2016.05";
        JsonNode firstCheckpoint;
        try (ApplicationContext indexer = startIndexer(stack, "anchors-" + tag)) {
            // Two batches from one source (one partition, one chain), each checkpointed at its last document.
            produce(stack, tag, 20, OffsetDateTime.parse("2016-05-10T08:00:00Z"), oneSource(tag));
            awaitCheckpointedHead(stack, index, tag, 20);
            firstCheckpoint = newestCheckpoint(stack, index, chainHead(stack, index));
            produce(stack, tag, 20, OffsetDateTime.parse("2016-05-11T08:00:00Z"), oneSource(tag));
            awaitCheckpointedHead(stack, index, tag, 40);
        }
        Run intact = run(stack, "--from", "2016-05-01", "--to", "2016-05-31");
        assertThat(intact.exit()).as(intact.out()).isZero();
        assertThat(intact.out()).containsPattern("checkpoints, [1-9][0-9]* anchors");

        int partition = firstCheckpoint.path("partition").asInt();
        long kept = firstCheckpoint.path("sequence").asLong();
        long last = sequence(chainHead(stack, index));
        // Every document after the first batch's checkpoint, every checkpoint after it, and every round past it.
        JsonNode tail = json(http(stack, "POST", "/" + index + "/_search", "{\"size\":100,\"query\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"chain.partition\":" + partition + "}},{\"range\":{\"chain.sequence\":{\"gt\":" + kept
                + "}}}]}}}")).path("hits").path("hits");
        assertThat(tail).hasSize((int) (last - kept));
        for (JsonNode doc : tail) {
            http(stack, "DELETE", "/" + index + "/_doc/" + id(doc) + "?refresh=true", null);
        }
        for (JsonNode checkpoint : checkpointsMatching(stack, "{\"bool\":{\"filter\":[{\"term\":{\"index\":\"" + index + "\"}},"
                + "{\"term\":{\"partition\":" + partition + "}},{\"range\":{\"sequence\":{\"gt\":" + kept + "}}}]}}")) {
            http(stack, "DELETE", "/audit-checkpoints/_doc/" + id(checkpoint) + "?refresh=true", null);
        }
        JsonNode rounds = checkpointsMatching(stack, "{\"bool\":{\"filter\":[{\"term\":{\"type\":\"round\"}},{\"term\":{\"partition\":"
                + partition + "}},{\"range\":{\"offset\":{\"gt\":" + (firstCheckpoint.path("offset").asLong() + 1) + "}}}]}}");
        assertThat(rounds).isNotEmpty();
        for (JsonNode round : rounds) {
            http(stack, "DELETE", "/audit-checkpoints/_doc/" + id(round) + "?refresh=true", null);
        }
        try {
            Run tailGone = run(stack, "--from", "2016-05-01", "--to", "2016-05-31");

            assertThat(tailGone.exit()).as(tailGone.out()).isEqualTo(1);
            assertThat(lines(tailGone, Finding.Kind.CHECKPOINT_DELETED)).as(tailGone.out())
                    .anyMatch(l -> l.contains(index + " partition " + partition + " sequence " + last))
                    .anyMatch(l -> l.startsWith("CHECKPOINT_DELETED  (round) partition " + partition + " "));
            assertThat(lines(tailGone, Finding.Kind.DELETED)).as(tailGone.out()).singleElement()
                    .satisfies(l -> assertThat(l).contains("sequence " + (kept + 1) + " to " + last));
        } finally {
            // Rounds speak for every month of their partition: put them back for the tests after this one.
            for (JsonNode round : rounds) {
                http(stack, "PUT", "/audit-checkpoints/_doc/" + id(round) + "?refresh=true", round.path("_source").toString());
            }
        }

        http(stack, "DELETE", "/" + index, null);
        for (JsonNode checkpoint : checkpointsMatching(stack, "{\"term\":{\"index\":\"" + index + "\"}}")) {
            http(stack, "DELETE", "/audit-checkpoints/_doc/" + id(checkpoint) + "?refresh=true", null);
        }

        Run monthGone = run(stack, "--from", "2016-05-01", "--to", "2016-05-31");

        assertThat(monthGone.exit()).as(monthGone.out()).isEqualTo(1);
        assertThat(lines(monthGone, Finding.Kind.INDEX_DELETED)).as(monthGone.out()).singleElement()
                .satisfies(l -> assertThat(l).contains(index));
        assertThat(lines(monthGone, Finding.Kind.CHECKPOINT_DELETED)).as(monthGone.out()).isNotEmpty()
                .allMatch(l -> l.contains(index));
    }

    /**
     * An indexer killed after storing a checkpoint and before sending its copy leaves the anchor topic behind, and a
     * month's last checkpoint is never stored again. The next indexer to start anchors what Elasticsearch holds
     * further than the topic (signed statements only), so deleting that month's tail is still reported. The month
     * 2016.07 stays NOT INTACT on the shared stack afterwards: no other test may use it.
     */
    @Test
    void copiesAKilledIndexerNeverSentAreAnchoredAtTheNextStart(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "catchup-" + tag;
        String index = "audit-events-2016.07";
        Map<String, Object> copiesLost = IndexerTestSupport.indexerSettings(stack, group);
        copiesLost.put("arr.indexer.anchor-topic", "test.anchors.discarded-" + tag);
        JsonNode firstCheckpoint;
        try (ApplicationContext indexer = IndexerTestSupport.startIndexer(copiesLost)) {
            produce(stack, tag, 10, OffsetDateTime.parse("2016-07-10T08:00:00Z"), oneSource(tag));
            awaitCheckpointedHead(stack, index, tag, 10);
            firstCheckpoint = newestCheckpoint(stack, index, chainHead(stack, index));
            produce(stack, tag, 10, OffsetDateTime.parse("2016-07-11T08:00:00Z"), oneSource(tag));
            awaitCheckpointedHead(stack, index, tag, 20);
        }
        // The next start, with nothing new to index.
        try (ApplicationContext indexer = startIndexer(stack, group)) {
            assertThat(indexer.isRunning()).isTrue();
        }

        int partition = firstCheckpoint.path("partition").asInt();
        long kept = firstCheckpoint.path("sequence").asLong();
        long last = sequence(chainHead(stack, index));
        for (JsonNode doc : json(http(stack, "POST", "/" + index + "/_search", "{\"size\":100,\"query\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"chain.partition\":" + partition + "}},{\"range\":{\"chain.sequence\":{\"gt\":" + kept
                + "}}}]}}}")).path("hits").path("hits")) {
            http(stack, "DELETE", "/" + index + "/_doc/" + id(doc) + "?refresh=true", null);
        }
        for (JsonNode checkpoint : checkpointsMatching(stack, "{\"bool\":{\"filter\":[{\"term\":{\"index\":\"" + index + "\"}},"
                + "{\"term\":{\"partition\":" + partition + "}},{\"range\":{\"sequence\":{\"gt\":" + kept + "}}}]}}")) {
            http(stack, "DELETE", "/audit-checkpoints/_doc/" + id(checkpoint) + "?refresh=true", null);
        }

        Run run = run(stack, "--from", "2016-07-01", "--to", "2016-07-31");

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(lines(run, Finding.Kind.CHECKPOINT_DELETED)).as(run.out())
                .anyMatch(l -> l.contains(index + " partition " + partition + " sequence " + last));
        assertThat(lines(run, Finding.Kind.DELETED)).as(run.out()).singleElement()
                .satisfies(l -> assertThat(l).contains("sequence " + (kept + 1) + " to " + last));
    }

    /**
     * The anchors must outlive any time-based retention: the topic is created compacted, and one a broker created on
     * first use (with its default, deletion after a week) is switched to compaction.
     */
    @Test
    void theAnchorTopicIsCompactedEvenWhenABrokerMadeItFirst(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        try (org.apache.kafka.clients.admin.Admin admin = IndexerTestSupport.admin(stack)) {
            AnchorTopic.ensure(admin, "test.anchors.new-" + tag);
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("test.anchors.made-" + tag, 1, (short) 1)))
                    .all().get();
            assertThat(cleanupPolicy(admin, "test.anchors.made-" + tag)).isEqualTo("delete");
            AnchorTopic.ensure(admin, "test.anchors.made-" + tag);

            assertThat(cleanupPolicy(admin, "test.anchors.new-" + tag)).isEqualTo("compact");
            assertThat(cleanupPolicy(admin, "test.anchors.made-" + tag)).isEqualTo("compact");
        }
    }

    private static String cleanupPolicy(org.apache.kafka.clients.admin.Admin admin, String topic) throws Exception {
        var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value();
    }

    private static void awaitCheckpointedHead(TestStack stack, String index, String tag, int count) {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            assertThat(countTagged(stack, index, tag)).isEqualTo(count);
            JsonNode head = chainHead(stack, index);
            assertThat(newestCheckpoint(stack, index, head).path("sequence").asLong()).isEqualTo(sequence(head));
        });
    }

    /** The source of the newest checkpoint of {@code head}'s chain. */
    private static JsonNode newestCheckpoint(TestStack stack, String index, JsonNode head) throws Exception {
        return checkpointsMatching(stack, "{\"bool\":{\"filter\":[{\"term\":{\"index\":\"" + index + "\"}},{\"term\":"
                + "{\"partition\":" + head.path("_source").path("chain").path("partition").asInt() + "}}]}}", "{\"sequence\":\"desc\"}")
                .get(0).path("_source");
    }

    private static JsonNode checkpointsMatching(TestStack stack, String query) throws Exception {
        return checkpointsMatching(stack, query, "\"_doc\"");
    }

    private static JsonNode checkpointsMatching(TestStack stack, String query, String sort) throws Exception {
        http(stack, "POST", "/audit-checkpoints/_refresh", null);
        return json(http(stack, "POST", "/audit-checkpoints/_search", "{\"size\":1000,\"query\":" + query + ",\"sort\":["
                + sort + "]}")).path("hits").path("hits");
    }

    /** A successor of {@code source}'s document with correct chain links, as a forger would compute them. */
    private static ObjectNode forgedSuccessor(JsonNode source, long offset) {
        ObjectNode forged = source.deepCopy();
        forged.put("id", UUID.randomUUID().toString());
        forged.put("action", "D");
        ObjectNode chain = (ObjectNode) forged.path("chain");
        chain.put("previousHash", source.path("chain").path("hash").asText());
        chain.put("sequence", source.path("chain").path("sequence").asLong() + 1);
        chain.put("offset", offset);
        ChainedDocuments.Unpacked parts = ChainedDocuments.unpack(forged);
        chain.put("hash", ChainHashes.link(chain.path("previousHash").asText(), parts.raw(), parts.canonicalDocument()));
        return forged;
    }

    /** Runs an indexer of {@code group} until {@code count} documents tagged {@code tag} are in {@code index}, then stops it. */
    private static void indexWith(TestStack stack, String group, String index, String tag, int count) {
        try (ApplicationContext indexer = startIndexer(stack, group)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, index, tag)).isEqualTo(count));
        }
    }

    /** The last document of the month's longest chain. */
    private static JsonNode chainHead(TestStack stack, String index) throws Exception {
        http(stack, "POST", "/" + index + "/_refresh", null);
        int partition = json(http(stack, "POST", "/" + index + "/_search", "{\"size\":0,\"aggs\":{\"p\":{\"terms\":"
                + "{\"field\":\"chain.partition\",\"size\":1}}}}")).path("aggregations").path("p").path("buckets").get(0)
                .path("key").asInt();
        return json(http(stack, "POST", "/" + index + "/_search", "{\"size\":1,\"query\":{\"term\":{\"chain.partition\":"
                + partition + "}},\"sort\":[{\"chain.sequence\":\"desc\"}]}")).path("hits").path("hits").get(0);
    }

    private static long checkpointsOf(TestStack stack, String index) throws Exception {
        http(stack, "POST", "/audit-checkpoints/_refresh", null);
        return json(http(stack, "POST", "/audit-checkpoints/_count", "{\"query\":{\"term\":{\"index\":\"" + index + "\"}}}"))
                .path("count").asLong();
    }

    private static JsonNode sourceWithoutIdentity(TestStack stack, String index, String id) throws Exception {
        JsonNode doc = json(http(stack, "GET", "/" + index + "/_doc/" + id, null));
        assertThat(doc.path("found").asBoolean()).as(id).isTrue();
        ObjectNode source = (ObjectNode) doc.path("_source");
        source.remove("id");
        source.remove("chain");
        // A version 1 record's document holds the message in raw (base64), as schema 4 made it; a version 4 record's
        // in rawText: the same bytes.
        JsonNode raw = source.remove("raw");
        if (raw != null) {
            String text = arr.schemas.index.WellFormedUtf8.decode(raw.binaryValue());
            assertThat(text).as("a message of well-formed UTF-8").isNotNull();
            source.put("rawText", text);
        }
        return arr.indexer.transform.OlderDocuments.objectIdsOnly(source);
    }

    @Test
    void verifyRefusesBadArgumentsWithExitTwo(TestStack stack) {
        Run run = run(stack, "--from", "yesterday");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--from takes a date").contains("'yesterday'");
    }

    private static List<JsonNode> longestChain(TestStack stack) throws Exception {
        http(stack, "POST", "/" + INDEX + "/_refresh", null);
        JsonNode buckets = json(http(stack, "POST", "/" + INDEX + "/_search", "{\"size\":0,\"aggs\":{\"p\":{\"terms\":"
                + "{\"field\":\"chain.partition\",\"size\":1}}}}")).path("aggregations").path("p").path("buckets");
        int partition = buckets.get(0).path("key").asInt();
        JsonNode hits = json(http(stack, "POST", "/" + INDEX + "/_search", "{\"size\":100,\"query\":{\"term\":{\"chain.partition\":"
                + partition + "}},\"sort\":[{\"chain.sequence\":\"asc\"}]}")).path("hits").path("hits");
        List<JsonNode> out = new ArrayList<>();
        hits.forEach(out::add);
        return out;
    }

    private static String id(JsonNode hit) {
        return hit.path("_id").asText();
    }

    private static long sequence(JsonNode hit) {
        return hit.path("_source").path("chain").path("sequence").asLong();
    }

    private static List<String> lines(Run run, Finding.Kind kind) {
        return run.out().lines().filter(l -> l.startsWith(kind.name() + " ")).toList();
    }

    record Run(int exit, String out, String err) {
    }

    private static Run verify(TestStack stack) {
        return run(stack, "--from", "2019-03-01", "--to", "2019-03-31");
    }

    static Run run(TestStack stack, String... args) {
        return run(stack, Map.of(), args);
    }

    /** As above, with {@code env} added to the environment (over the stack's endpoints). */
    static Run run(TestStack stack, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> all = new java.util.HashMap<>();
        all.put("AUDIT_ES_URL", stack.elasticsearchUrl());
        all.put("AUDIT_KAFKA_BOOTSTRAP", stack.kafkaBootstrap());
        all.put("AUDIT_CHECKPOINT_PUBLIC_KEY", IndexerTestSupport.KEYS.publicKey().toString());
        all.putAll(env);
        int exit = arr.indexer.verify.VerifyCommandAccess.run(args, all,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package arr.indexer;

import static arr.indexer.IndexerTestSupport.KEYS;
import static arr.indexer.IndexerTestSupport.committedOffsets;
import static arr.indexer.IndexerTestSupport.countTagged;
import static arr.indexer.IndexerTestSupport.groupMembers;
import static arr.indexer.IndexerTestSupport.indexerSettings;
import static arr.indexer.IndexerTestSupport.produce;
import static arr.indexer.IndexerTestSupport.startIndexer;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.local.StackPorts;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.indexer.consume.AuditConsumerLoop;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The indexer under faults, against real Kafka and Elasticsearch: killed with SIGKILL mid-stream, Elasticsearch
 * restarted mid-stream, and Elasticsearch answering 429 and 503 (WireMock as a fault-injecting proxy in front of the
 * real server). Every time: exactly N documents, and the month's chains verify intact.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class IndexerFaultsIT {

    @Test
    void anIndexerKilledWithSigkillMidStreamLosesNothingAndDuplicatesNothing(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int count = 20_000;
        String index = "audit-events-2019.05";
        produce(stack, tag, count, OffsetDateTime.parse("2019-05-02T10:00:00Z"));
        String group = "kill-" + tag;
        Process first = startIndexerProcess(stack, group, "first");
        long atKill;
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> countTagged(stack, index, tag) >= 2_000);
        } finally {
            first.destroyForcibly().waitFor();
            atKill = countTagged(stack, index, tag);
        }
        assertThat(atKill).as("killed mid-stream, not after the end").isLessThan(count);
        Process second = startIndexerProcess(stack, group, "second");
        try {
            await().atMost(Duration.ofSeconds(180)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(countTagged(stack, index, tag)).isEqualTo(count));
            Thread.sleep(3_000);
            assertThat(countTagged(stack, index, tag)).isEqualTo(count);
        } finally {
            second.destroy();
            second.waitFor();
        }
        assertIntact(stack, "2019-05-01", "2019-05-31");
    }

    @Test
    void elasticsearchRestartedMidStreamStillGetsEveryDocument(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int count = 20_000;
        String index = "audit-events-2019.07";
        produce(stack, tag, count, OffsetDateTime.parse("2019-07-02T10:00:00Z"));
        try (ApplicationContext indexer = startIndexer(stack, "restart-" + tag)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> countTagged(stack, index, tag) >= 2_000);
            stack.restart(Part.ELASTICSEARCH);
            await().atMost(Duration.ofSeconds(240)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(countTagged(stack, index, tag)).isEqualTo(count));
            assertThat(retries(indexer, "-1") + retries(indexer, "503")).as("bulk requests failed while Elasticsearch was down")
                    .isPositive();
        }
        assertIntact(stack, "2019-07-01", "2019-07-31");
    }

    @Test
    void answers429And503AreRetriedUntilEveryDocumentIsIn(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int count = 2_000;
        String index = "audit-events-2019.09";
        produce(stack, tag, count, OffsetDateTime.parse("2019-09-02T10:00:00Z"));
        WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(stack.elasticsearchUrl())));
            fail(proxy, Scenario.STARTED, 429, "es_rejected_execution_exception", "429-again");
            fail(proxy, "429-again", 429, "es_rejected_execution_exception", "503-0");
            // The low-level client retries a 503 at once by itself; six in a row outlast that and reach our backoff.
            for (int i = 0; i < 6; i++) {
                fail(proxy, "503-" + i, 503, "unavailable_shards_exception", i == 5 ? "healthy" : "503-" + (i + 1));
            }
            Map<String, Object> settings = indexerSettings(stack, "proxy-" + tag);
            settings.put("arr.indexer.elasticsearch-url", proxy.baseUrl());
            try (ApplicationContext indexer = startIndexer(settings)) {
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(countTagged(stack, index, tag)).isEqualTo(count));
                String seen = indexer.getBean(MeterRegistry.class).find("arr.indexer.retries").counters().stream()
                        .map(c -> c.getId().getTag("status") + "=" + c.count()).toList().toString();
                // The low-level REST client answers some refusals itself by trying again at once, so which status
                // reaches the indexer's own backoff varies; the refusals must have been served, and retried.
                assertThat(retries(indexer, "429") + retries(indexer, "503")).as(seen).isPositive();
            }
            var bulkAnswers = proxy.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/_bulk"))
                    .map(e -> e.getResponse().getStatus()).toList();
            assertThat(bulkAnswers).as("every refusal was served").contains(429, 503);
            // Every injected refusal was served: the scenario went through all eight. Two bulk requests in flight can
            // both meet the same one before it moves on (WireMock matches, then sets the state), so at least eight.
            assertThat(proxy.getAllScenarios().getScenarios()).filteredOn(s -> s.getName().equals("faults")).singleElement()
                    .extracting(Scenario::getState).isEqualTo("healthy");
            assertThat(bulkAnswers.stream().filter(status -> status != 200).count()).isGreaterThanOrEqualTo(8);
            assertThat(bulkAnswers.stream().filter(status -> status == 200).count()).as("bulk requests after the refusals").isPositive();
        } finally {
            proxy.stop();
        }
        assertIntact(stack, "2019-09-01", "2019-09-30");
    }

    /**
     * Stopped while Elasticsearch refuses every bulk request, the indexer waits once for the refused records, leaves
     * its group, and commits nothing Elasticsearch did not acknowledge: the next owner of those partitions indexes
     * the records.
     */
    @Test
    void anIndexerStoppedWhileElasticsearchRefusesLeavesItsGroupAndCommitsNothingUnindexed(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "refused-" + tag;
        ListAppender<ILoggingEvent> loopLog = new ListAppender<>();
        // From the topic's end: earlier tests' records that need no Elasticsearch (a record that is not an envelope
        // goes to the dead-letter topic) would rightly be committed.
        IndexerTestSupport.startAtTheEnd(stack, group);
        Map<Integer, Long> start = committedOffsets(stack, group);
        produce(stack, tag, 50, OffsetDateTime.parse("2019-11-04T10:00:00Z"));
        WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(stack.elasticsearchUrl())));
            proxy.stubFor(post(urlPathEqualTo("/_bulk")).withQueryParam("refresh", absent()).atPriority(1)
                    .willReturn(refusal(503, "unavailable_shards_exception")));
            Map<String, Object> settings = indexerSettings(stack, group);
            settings.put("arr.indexer.elasticsearch-url", proxy.baseUrl());
            try (ApplicationContext indexer = startIndexer(settings)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> proxy.getAllServeEvents().stream()
                        .anyMatch(e -> e.getRequest().getUrl().equals("/_bulk") && e.getResponse().getStatus() == 503));
                loopLog.start();
                ((Logger) LoggerFactory.getLogger(AuditConsumerLoop.class)).addAppender(loopLog);
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(AuditConsumerLoop.class)).detachAppender(loopLog);
            proxy.stop();
        }
        assertThat(groupMembers(stack, group)).as("members still in %s after its only indexer stopped", group).isEmpty();
        // It waits once (30 s) for what Elasticsearch has not acknowledged, not again inside close().
        assertThat(loopLog.list).map(ILoggingEvent::getFormattedMessage).filteredOn(m -> m.contains("still wait for Elasticsearch"))
                .hasSize(1);
        assertThat(committedOffsets(stack, group)).as("committed offsets, none of the records after them indexed").isEqualTo(start);
    }

    /**
     * Started while Elasticsearch answers nothing but 503 (started in the wrong order, restarting), the indexer waits
     * for it with backoff instead of failing its start, then indexes everything.
     */
    @Test
    void anIndexerStartedBeforeElasticsearchIsAvailableWaitsForItAndThenIndexes(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        IndexerTestSupport.startAtTheEnd(stack, "late-es-" + tag);
        produce(stack, tag, 50, OffsetDateTime.parse("2017-06-04T10:00:00Z"));
        WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(stack.elasticsearchUrl())));
            StubMapping unavailable = proxy.stubFor(any(anyUrl()).atPriority(1).willReturn(refusal(503, "master_not_discovered_exception")));
            Map<String, Object> settings = indexerSettings(stack, "late-es-" + tag);
            settings.put("arr.indexer.elasticsearch-url", proxy.baseUrl());
            CompletableFuture<ApplicationContext> starting = CompletableFuture.supplyAsync(() -> startIndexer(settings));
            await().atMost(Duration.ofSeconds(30)).until(() -> proxy.getAllServeEvents().size() >= 3);
            assertThat(starting).as("still starting while Elasticsearch is unavailable").isNotDone();

            proxy.removeStub(unavailable);
            try (ApplicationContext indexer = starting.get(60, TimeUnit.SECONDS)) {
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(countTagged(stack, "audit-events-2017.06", tag)).isEqualTo(50));
            }
        } finally {
            proxy.stop();
        }
    }

    /**
     * A record Elasticsearch keeps refusing while later ones are acknowledged leaves a gap in its chain for as long as
     * the indexer retries it. The gap lies past the indexer's committed offset, so verify reports it UNSETTLED (not
     * intact, not a deletion), waits for the indexer, and verifies intact once the record is in. A verify that does
     * not know the indexer's group reports the same gap as a deletion: a wrong group name never hides one.
     */
    @Test
    void aGapTheIndexerIsStillRetryingIsAwaitedNotReportedDeleted(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "in-flight-" + tag;
        String index = "audit-events-2018.08";
        String held = "2018-08-11T09:09:09";
        IndexerTestSupport.startAtTheEnd(stack, group);
        WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(stack.elasticsearchUrl())));
            StubMapping refused = proxy.stubFor(post(urlPathEqualTo("/_bulk")).withRequestBody(containing(held)).atPriority(1)
                    .willReturn(refusal(503, "unavailable_shards_exception")));
            Map<String, Object> settings = indexerSettings(stack, group);
            settings.put("arr.indexer.elasticsearch-url", proxy.baseUrl());
            try (ApplicationContext indexer = startIndexer(settings)) {
                produce(stack, tag, 10, OffsetDateTime.parse("2018-08-10T08:00:00Z"));
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(countTagged(stack, index, tag)).isEqualTo(10));
                produce(stack, tag, 1, OffsetDateTime.parse(held + "Z"));
                await().atMost(Duration.ofSeconds(60)).until(() -> proxy.getAllServeEvents().stream()
                        .anyMatch(e -> e.getResponse().getStatus() == 503));
                produce(stack, tag, 20, OffsetDateTime.parse("2018-08-12T08:00:00Z"));
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(countTagged(stack, index, tag)).isEqualTo(30));

                Map<String, String> withGroup = Map.of("AUDIT_INDEXER_GROUP", group);
                var meanwhile = ChainVerificationIT.run(stack, withGroup, "--from", "2018-08-01", "--to", "2018-08-31", "--wait", "2");
                assertThat(meanwhile.exit()).as(meanwhile.out() + meanwhile.err()).isEqualTo(1);
                assertThat(meanwhile.out().lines().filter(l -> l.startsWith("UNSETTLED "))).as(meanwhile.out())
                        .singleElement().asString().contains("1 document missing").contains("not committed partition");
                assertThat(meanwhile.out()).doesNotContain("DELETED").contains("30 documents").contains("NOT INTACT: 1 finding");
                var withoutGroup = ChainVerificationIT.run(stack, Map.of("AUDIT_INDEXER_GROUP", "no-such-group-" + tag),
                        "--from", "2018-08-01", "--to", "2018-08-31", "--wait", "2");
                assertThat(withoutGroup.out().lines().filter(l -> l.startsWith("DELETED "))).as(withoutGroup.out())
                        .singleElement().asString().contains("1 document missing");
                assertThat(withoutGroup.out()).doesNotContain("UNSETTLED");

                var waiting = CompletableFuture.supplyAsync(() ->
                        ChainVerificationIT.run(stack, withGroup, "--from", "2018-08-01", "--to", "2018-08-31", "--wait", "120"));
                Thread.sleep(2_000);
                proxy.removeStub(refused);
                var settled = waiting.get(150, TimeUnit.SECONDS);
                assertThat(settled.exit()).as(settled.out() + settled.err()).isZero();
                assertThat(settled.out()).contains("31 documents").contains("INTACT");
                assertThat(countTagged(stack, index, tag)).isEqualTo(31);
            }
        } finally {
            proxy.stop();
        }
    }

    /**
     * A production Elasticsearch runs with security on: the tools (and the services, through the same code) send the
     * configured credentials with every request (a proxy in front of the real server records what arrives).
     */
    @Test
    void verifySendsTheConfiguredCredentialsWithEveryRequest(TestStack stack) throws Exception {
        WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(stack.elasticsearchUrl())));
            var run = ChainVerificationIT.run(stack, Map.of("AUDIT_ES_URL", proxy.baseUrl(), "AUDIT_ES_API_KEY", "a2V5LWlkOnNlY3JldA=="),
                    "--from", "1991-01-01", "--to", "1991-01-31");
            assertThat(run.exit()).as(run.out() + run.err()).isNotEqualTo(2);
            assertThat(proxy.getAllServeEvents()).isNotEmpty().allSatisfy(event -> assertThat(event.getRequest()
                    .getHeader("Authorization")).isEqualTo("ApiKey a2V5LWlkOnNlY3JldA=="));

            var halfGiven = ChainVerificationIT.run(stack, Map.of("AUDIT_ES_URL", proxy.baseUrl(), "AUDIT_ES_USERNAME", "arr"),
                    "--from", "1991-01-01", "--to", "1991-01-31");
            assertThat(halfGiven.exit()).isEqualTo(2);
            assertThat(halfGiven.err()).contains("AUDIT_ES_PASSWORD");

            // Its Kafka clients take the security settings file the same way (a key beyond security is refused).
            java.nio.file.Path settings = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("kafka-client", ".properties"),
                    "security.protocol=PLAINTEXT\nacks=1\n");
            var kafkaSettings = ChainVerificationIT.run(stack, Map.of("AUDIT_KAFKA_CLIENT_PROPERTIES", settings.toString()),
                    "--from", "1991-01-01", "--to", "1991-01-31");
            assertThat(kafkaSettings.exit()).isEqualTo(2);
            assertThat(kafkaSettings.err()).contains("AUDIT_KAFKA_CLIENT_PROPERTIES").contains("'acks'");
        } finally {
            proxy.stop();
        }
    }

    private static void fail(WireMockServer proxy, String state, int status, String type, String next) {
        // Only the document bulks (the checkpoint writes carry refresh=true).
        proxy.stubFor(post(urlPathEqualTo("/_bulk")).withQueryParam("refresh", absent()).atPriority(1).inScenario("faults").whenScenarioStateIs(state)
                .willReturn(refusal(status, type))
                .willSetStateTo(next));
    }

    /** An error answer as Elasticsearch gives it. */
    private static ResponseDefinitionBuilder refusal(int status, String type) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("X-Elastic-Product", "Elasticsearch")
                .withBody("{\"error\":{\"type\":\"" + type + "\",\"reason\":\"injected by the test\"},\"status\":" + status + "}");
    }

    /**
     * Kafka away for longer than a commit may take (10 s): the commits in between fail, and indexing goes on once it is
     * back. Until 2026-11-28 the first failed commit ended the consumer thread, and nothing was indexed after it.
     */
    @Test
    void kafkaAwayLongerThanACommitTakesThenBackIndexingGoesOn(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String index = "audit-events-2019.10";
        produce(stack, tag, 500, OffsetDateTime.parse("2019-10-02T10:00:00Z"));
        try (ApplicationContext indexer = startIndexer(stack, "kafka-away-" + tag)) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(countTagged(stack, index, tag)).isEqualTo(500));
            stack.stop(Part.KAFKA);
            MeterRegistry metrics = indexer.getBean(MeterRegistry.class);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> metrics.find("arr.indexer.commit.failures").counters()
                        .stream().mapToDouble(Counter::count).sum() > 0);
            } finally {
                stack.start(Part.KAFKA);
            }
            produce(stack, tag, 500, OffsetDateTime.parse("2019-10-03T10:00:00Z"));
            await().atMost(Duration.ofSeconds(180)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(countTagged(stack, index, tag)).isEqualTo(1_000));
            assertThat(indexer.getBean(IndexerLifecycle.class).consumerFailure()).isEmpty();
        }
        assertIntact(stack, "2019-10-01", "2019-10-31");
    }

    private static double retries(ApplicationContext indexer, String status) {
        Counter counter = indexer.getBean(MeterRegistry.class).find("arr.indexer.retries").tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertIntact(TestStack stack, String from, String to) {
        var run = ChainVerificationIT.run(stack, "--from", from, "--to", to);
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
    }

    /** The packaged indexer as its own process, so that it can be killed with SIGKILL like in production. */
    private static Process startIndexerProcess(TestStack stack, String group, String name) throws Exception {
        Path jar = Path.of("target", "indexer.jar").toAbsolutePath();
        assertThat(jar).exists();
        File log = Path.of("target", "indexer-" + group + "-" + name + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log);
        Map<String, String> env = builder.environment();
        env.put("AUDIT_KAFKA_BOOTSTRAP", stack.kafkaBootstrap());
        env.put("AUDIT_ES_URL", stack.elasticsearchUrl());
        env.put("AUDIT_INDEXER_GROUP", group);
        env.put("AUDIT_INDEXER_MGMT_PORT", Integer.toString(StackPorts.free().indexerManagement()));
        env.put("AUDIT_CHECKPOINT_INTERVAL", "1s");
        env.put("AUDIT_CHECKPOINT_KEY", KEYS.privateKey().toString());
        env.put("AUDIT_CHECKPOINT_PUBLIC_KEY", KEYS.publicKey().toString());
        return builder.start();
    }
}

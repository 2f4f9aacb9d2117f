package arr.indexer;

import static arr.indexer.IndexerTestSupport.http;
import static arr.indexer.IndexerTestSupport.json;
import static arr.indexer.IndexerTestSupport.produce;
import static arr.indexer.IndexerTestSupport.startIndexer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
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
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                http(stack, "POST", "/" + index + "/_refresh", null);
                long indexed = json(http(stack, "POST", "/" + index + "/_count", null)).path("count").asLong();
                double deadLettered = metrics.get("arr.indexer.deadletters").tag("stage", "index").counter().count();
                assertThat(indexed).isPositive();
                assertThat(deadLettered).isPositive();
                assertThat(indexed + (long) deadLettered).isEqualTo(count);
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
    }
}

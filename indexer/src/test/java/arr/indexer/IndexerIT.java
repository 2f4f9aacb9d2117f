package arr.indexer;

import static arr.indexer.IndexerTestSupport.countTagged;
import static arr.indexer.IndexerTestSupport.envelope;
import static arr.indexer.IndexerTestSupport.http;
import static arr.indexer.IndexerTestSupport.json;
import static arr.indexer.IndexerTestSupport.produce;
import static arr.indexer.IndexerTestSupport.producer;
import static arr.indexer.IndexerTestSupport.send;
import static arr.indexer.IndexerTestSupport.startIndexer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
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
        try (ApplicationContext indexer = startIndexer(stack, "it-" + tag)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(count));
        }
        // A second consumer group reads everything again from the start: create + 409 keeps one copy each.
        try (ApplicationContext replay = startIndexer(stack, "it-replay-" + tag)) {
            Thread.sleep(8_000);
            assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(count);
        }
        http(stack, "POST", "/audit-quarantine/_refresh", null);
        assertThat(json(http(stack, "POST", "/audit-quarantine/_count", null)).path("count").asLong()).isGreaterThanOrEqualTo(1);
    }
}

package arr.indexer.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.indexer.ConsumerHealthIndicatorAccess;
import arr.indexer.ElasticsearchClients;
import arr.indexer.bulk.AuditBulkWriter;
import arr.indexer.bulk.ItemOutcome;
import arr.indexer.bulk.PreparedDocument;
import arr.indexer.bulk.RecordRef;
import arr.indexer.chain.ChainTracker;
import arr.indexer.checkpoint.CheckpointStore;
import arr.indexer.checkpoint.CheckpointWriter;
import arr.indexer.checkpoint.UnsignedStretch;
import arr.indexer.deadletter.DeadLetterPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** A consumer thread that dies on its own says why, so that the indexer's health turns DOWN instead of idling silently. */
class AuditConsumerLoopTest {

    @Test
    void aConsumerThreadThatStopsOnItsOwnReportsWhy() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.setPollException(new KafkaException("broker gone for good"));
        var client = ElasticsearchClients.connect(URI.create("http://127.0.0.1:9"));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        AuditBulkWriter writer = new AuditBulkWriter(client, 10, 1 << 20, Duration.ofSeconds(1), new AuditBulkWriter.Outcomes() {
            @Override
            public void done(PreparedDocument document, ItemOutcome outcome) {
            }

            @Override
            public void permanent(PreparedDocument document, String errorType, String reason) {
            }

            @Override
            public void retried(RecordRef ref, int status) {
            }
        });
        CheckpointWriter checkpoints = new CheckpointWriter(new CheckpointStore(client),
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), "test", Clock.systemUTC(),
                metrics.counter("arr.indexer.checkpoints"));
        AuditConsumerLoop loop = new AuditConsumerLoop(consumer, "audit.events", new AuditConsumerLoop.Collaborators(writer,
                new DeadLetterPublisher(new MockProducer<>(), "audit.deadletter", null), new ChainTracker((key, offset) -> Optional.empty()),
                checkpoints, new UnsignedStretch(new CheckpointStore(client), null, () -> new MockConsumer<>("earliest"), "audit.events"), new OffsetLedger(), metrics,
                new arr.indexer.bootstrap.PartialIndexMarker(client)), 100, Duration.ofSeconds(30), () -> { });

        assertThat(loop.failure()).isEmpty();
        assertThatThrownBy(loop::run).isInstanceOf(KafkaException.class);

        assertThat(loop.failure()).get().asString().contains("broker gone for good");
        assertThat(ConsumerHealthIndicatorAccess.status(loop)).isEqualTo("DOWN");
        writer.close();
    }
}

package arr.indexer.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final DeadLetterLedger ledger = new DeadLetterLedger(() -> {
        throw new AssertionError("no read of the topic here");
    }, "audit.deadletter");
    private final DeadLetterPublisher publisher = new DeadLetterPublisher(producer, "audit.deadletter", ledger);

    /** Until 2026-11-28 the ledger took the dead letter before Kafka did, and kept it when the send failed. */
    @Test
    void theLedgerKnowsADeadLetterOnlyOnceKafkaHasIt() {
        producer.sendException = new KafkaException("broker away");
        assertThatThrownBy(() -> publisher.publish(failure(7))).isInstanceOf(RuntimeException.class);
        assertThat(ledger.all()).isEmpty();

        producer.sendException = null;
        publisher.publish(failure(7));
        assertThat(ledger.all()).singleElement().satisfies(f -> assertThat(f.sourceOffset()).isEqualTo(7));
        assertThat(producer.history()).hasSize(1);
    }

    private static DeadLetterPublisher.FailureRecord failure(long offset) {
        return new DeadLetterPublisher.FailureRecord("decode", "not_an_envelope", "test", "id-" + offset, "audit.events", 0,
                offset, Instant.parse("2026-11-28T10:00:00Z"), null, null, "peer:127.0.0.1", Instant.parse("2026-11-28T10:00:00Z"),
                new byte[] {1});
    }
}

package arr.indexer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.EnvelopeCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaCheckpointAnchorsTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123456Z");

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final KafkaCheckpointAnchors anchors = new KafkaCheckpointAnchors(producer, "audit.anchors", EnvelopeCodec.mapper(), metrics);

    @Test
    void eachChainEachPartitionsRoundsAndEachPurgeHaveAKeyOfTheirOwn() {
        anchors.anchor(List.of(head("audit-events-2026.11", 2, 10), head("audit-events-2026.10", 2, 4),
                Checkpoint.round(2, 900, AT), Checkpoint.purge("audit-events-2019.01", 12, "retention", AT)));

        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("chain:audit-events-2026.11:2",
                "chain:audit-events-2026.10:2", "round:2", "purge:audit-events-2019.01");
        assertThat(metrics.counter("arr.indexer.anchors", "outcome", "published").count()).isEqualTo(4);
    }

    @Test
    void anOlderCheckpointStoredAgainIsNotSentAfterANewerOne() {
        // Compaction keeps the last record of a key: an older one sent last would replace the newer anchor.
        anchors.anchor(List.of(head("audit-events-2026.11", 2, 10), Checkpoint.round(2, 900, AT)));
        anchors.anchor(List.of(head("audit-events-2026.11", 2, 7), Checkpoint.round(2, 850, AT), head("audit-events-2026.11", 2, 10)));
        anchors.anchor(List.of(head("audit-events-2026.11", 2, 11)));

        assertThat(producer.history()).extracting(r -> r.key() + "@" + read(r).sequence() + "/" + read(r).offset())
                .containsExactly("chain:audit-events-2026.11:2@10/110", "round:2@null/900", "chain:audit-events-2026.11:2@11/111");
    }

    @Test
    void anAnchorReadsBackAsTheSignedCheckpointItCopies() {
        Checkpoint signed = head("audit-events-2026.11", 2, 10).signed("key-1", "c2lnbmF0dXJl");
        anchors.anchor(List.of(signed));

        Checkpoint back = read(producer.history().get(0));
        assertThat(back).isEqualTo(signed);
        assertThat(back.signedText()).isEqualTo(signed.signedText());
    }

    @Test
    void aCopyKafkaRefusesIsCountedAndSentAgainWithTheNextCheckpoints() {
        // The last checkpoint of a month that gets no more events is never stored again: it must not stay unanchored.
        MockProducer<String, byte[]> refusing = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        long[] now = {0};
        KafkaCheckpointAnchors failing = new KafkaCheckpointAnchors(refusing, "audit.anchors", EnvelopeCodec.mapper(), metrics,
                () -> now[0]);
        failing.anchor(List.of(head("audit-events-2026.10", 2, 10)));
        refusing.errorNext(new org.apache.kafka.common.errors.TimeoutException("no broker"));
        assertThat(metrics.counter("arr.indexer.anchors", "outcome", "failed").count()).isEqualTo(1);

        // Right after a failure, copies are queued, not sent: each send could block the consumer thread.
        now[0] += KafkaCheckpointAnchors.PAUSE_NANOS / 2;
        failing.anchor(List.of(head("audit-events-2026.11", 2, 1)));
        assertThat(refusing.history()).hasSize(1);

        now[0] += KafkaCheckpointAnchors.PAUSE_NANOS;
        failing.anchor(List.of(head("audit-events-2026.11", 2, 2)));
        refusing.completeNext();
        refusing.completeNext();

        assertThat(refusing.history()).extracting(ProducerRecord::key).containsExactlyInAnyOrder("chain:audit-events-2026.10:2",
                "chain:audit-events-2026.10:2", "chain:audit-events-2026.11:2");
        assertThat(refusing.history().get(2)).satisfies(r -> assertThat(read(r).sequence()).isEqualTo(2));
        assertThat(metrics.counter("arr.indexer.anchors", "outcome", "published").count()).isEqualTo(2);
    }

    @Test
    void aFailedCopyIsNotSentAgainOnceANewerOneOfItsKeyWentOut() {
        MockProducer<String, byte[]> refusing = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        KafkaCheckpointAnchors failing = new KafkaCheckpointAnchors(refusing, "audit.anchors", EnvelopeCodec.mapper(), metrics);
        failing.anchor(List.of(head("audit-events-2026.11", 2, 10)));
        failing.anchor(List.of(head("audit-events-2026.11", 2, 11)));
        refusing.errorNext(new org.apache.kafka.common.errors.TimeoutException("no broker"));
        refusing.completeNext();

        failing.anchor(List.of());

        assertThat(refusing.history()).hasSize(2);
    }

    private static Checkpoint head(String index, int partition, long sequence) {
        return Checkpoint.head(index, partition, sequence, 100 + sequence, "h" + sequence, AT);
    }

    private static Checkpoint read(ProducerRecord<String, byte[]> record) {
        try {
            return EnvelopeCodec.mapper().readValue(record.value(), Checkpoint.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

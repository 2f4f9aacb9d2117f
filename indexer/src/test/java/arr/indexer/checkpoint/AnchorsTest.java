package arr.indexer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.EnvelopeCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AnchorsTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:15:30Z");
    private static final TopicPartition ANCHORS = new TopicPartition("audit.anchors", 0);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

    @Test
    void eachKeyKeepsItsFurthestGenuineCheckpointAndBadOnesItDoesNotReachPastAreFindings() throws Exception {
        List<Checkpoint> log = List.of(
                signed(head(10), "old-key"),          // replaced by a genuine one further on: not a finding
                signed(head(12), "key"),
                signed(head(11), "key"),              // an older head sent again: the furthest stays
                signed(round(500), "key"),
                signed(round(900), "forger"));        // reaches past every genuine round: a finding
        Anchors anchors = read(log, true);

        assertThat(anchors.topicExists()).isTrue();
        assertThat(anchors.newest()).containsOnlyKeys("chain:audit-events-2026.11:2", "round:2");
        assertThat(anchors.newest().get("chain:audit-events-2026.11:2").sequence()).isEqualTo(12);
        assertThat(anchors.newest().get("round:2").offset()).isEqualTo(500);
        assertThat(anchors.unsigned()).singleElement().satisfies(c -> assertThat(c.offset()).isEqualTo(900));
    }

    @Test
    void tombstonesAreSkippedAndUnreadableRecordsReported() throws Exception {
        Anchors anchors = read(List.of(signed(head(3), "key")), false);

        assertThat(anchors.newest()).hasSize(1);
        assertThat(anchors.unsigned()).singleElement().satisfies(c -> assertThat(c.reason()).contains("unreadable anchor record"));
    }

    @Test
    void aMissingTopicIsSaidSo() {
        consumer.updatePartitions("audit.events", List.of(new PartitionInfo("audit.events", 0, null, null, null)));

        assertThat(Anchors.read(() -> consumer, "audit.anchors", EnvelopeCodec.mapper(), c -> true).topicExists()).isFalse();
    }

    private Anchors read(List<Checkpoint> log, boolean clean) throws Exception {
        consumer.updatePartitions("audit.anchors", List.of(new PartitionInfo("audit.anchors", 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(ANCHORS, 0L));
        int offset = 0;
        for (Checkpoint checkpoint : log) {
            consumer.schedulePollTask(addRecord(offset++, AnchorTopic.key(checkpoint), EnvelopeCodec.mapper().writeValueAsBytes(checkpoint)));
        }
        if (!clean) {
            consumer.schedulePollTask(addRecord(offset++, "chain:x:1", null));
            consumer.schedulePollTask(addRecord(offset++, "chain:x:1", "{not json".getBytes()));
        }
        consumer.updateEndOffsets(Map.of(ANCHORS, (long) offset));
        return Anchors.read(() -> consumer, "audit.anchors", EnvelopeCodec.mapper(), c -> "key".equals(c.keyId()));
    }

    private Runnable addRecord(int offset, String key, byte[] value) {
        return () -> consumer.addRecord(new ConsumerRecord<>("audit.anchors", 0, offset, key, value));
    }

    private static Checkpoint head(long sequence) {
        return Checkpoint.head("audit-events-2026.11", 2, sequence, 100 + sequence, "h" + sequence, AT);
    }

    private static Checkpoint round(long offset) {
        return Checkpoint.round(2, offset, AT);
    }

    private static Checkpoint signed(Checkpoint checkpoint, String keyId) {
        return checkpoint.signed(keyId, "c2ln");
    }
}

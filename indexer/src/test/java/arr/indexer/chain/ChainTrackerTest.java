package arr.indexer.chain;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.index.ChainLink;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainTrackerTest {

    private final ChainTracker tracker = new ChainTracker((key, offset) -> Optional.empty());

    @Test
    void aChainWhoseNewestAcknowledgementIsAboveTheCommitIsStillCheckpointedBelowIt() {
        // Partition 0: the month's chain at offsets 10, 11, 12 (12 acknowledged before 11), and another month's at 9.
        tracker.acknowledged("audit-events-2026.11", link(10, 1));
        tracker.acknowledged("audit-events-2026.11", link(12, 3));
        tracker.acknowledged("audit-events-2026.10", link(9, 5));
        tracker.committed(Map.of(0, 11L));

        List<Map.Entry<ChainKey, ChainLink>> ready = tracker.checkpointable(Map.of(0, 11L));

        // Both chains: otherwise October's checkpoint at offset 9 would be signed while November's offset 10 is not.
        assertThat(ready).extracting(e -> e.getKey().index() + "@" + e.getValue().offset())
                .containsExactlyInAnyOrder("audit-events-2026.11@10", "audit-events-2026.10@9");
        ready.forEach(e -> tracker.checkpointed(e.getKey(), e.getValue()));

        tracker.acknowledged("audit-events-2026.11", link(11, 2));
        tracker.committed(Map.of(0, 13L));
        assertThat(tracker.checkpointable(Map.of(0, 13L))).extracting(e -> e.getKey().index() + "@" + e.getValue().offset())
                .containsExactly("audit-events-2026.11@12");
    }

    @Test
    void aCommitKeepsOnlyTheHighestCandidateBelowIt() {
        for (long offset = 100; offset < 110; offset++) {
            tracker.acknowledged("audit-events-2026.11", link(offset, offset - 99));
        }
        tracker.committed(Map.of(0, 105L));
        // 104 stands for 100-104; 105-109 wait for a later commit.
        assertThat(tracker.candidates()).isEqualTo(6);
        tracker.checkpointed(new ChainKey("audit-events-2026.11", 0), link(104, 5));

        assertThat(tracker.checkpointable(Map.of(0, 105L))).isEmpty();
        assertThat(tracker.checkpointable(Map.of(0, 110L))).extracting(e -> e.getValue().offset()).containsExactly(109L);
    }

    private static ChainLink link(long offset, long sequence) {
        return new ChainLink(0, offset, sequence, "h" + sequence, "h" + (sequence - 1));
    }
}

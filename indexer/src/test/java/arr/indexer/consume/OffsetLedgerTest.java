package arr.indexer.consume;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {

    private final TopicPartition p0 = new TopicPartition("audit.events", 0);
    private final TopicPartition p1 = new TopicPartition("audit.events", 1);

    @Test
    void commitsOnlyTheContiguousAcknowledgedPrefix() {
        OffsetLedger ledger = new OffsetLedger();
        for (long offset = 10; offset < 15; offset++) {
            ledger.polled(p0, offset);
        }
        ledger.done(p0, 10);
        ledger.done(p0, 12);
        ledger.done(p0, 13);
        assertThat(ledger.committable().get(p0).offset()).as("11 still waits for Elasticsearch").isEqualTo(11);
        ledger.done(p0, 11);
        assertThat(ledger.committable().get(p0).offset()).isEqualTo(14);
        ledger.done(p0, 14);
        assertThat(ledger.committable().get(p0).offset()).isEqualTo(15);
        assertThat(ledger.pendingCount()).isZero();
    }

    @Test
    void partitionsAreIndependentAndForgottenOnRevocation() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.polled(p0, 1);
        ledger.polled(p1, 7);
        ledger.done(p1, 7);
        assertThat(ledger.committable().get(p0).offset()).isEqualTo(1);
        assertThat(ledger.committable().get(p1).offset()).isEqualTo(8);
        ledger.forget(java.util.List.of(p0));
        assertThat(ledger.committable()).doesNotContainKey(p0);
        assertThat(ledger.pendingCount()).isZero();
    }

    @Test
    void aDuplicateAcknowledgementIsHarmless() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.polled(p0, 5);
        ledger.done(p0, 5);
        ledger.done(p0, 5);
        assertThat(ledger.pendingCount()).isZero();
    }
}

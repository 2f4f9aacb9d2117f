package arr.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightGateTest {

    @Test
    void closesAboveTheHighWaterMarkAndReopensOnlyBelowTheLowOne() {
        InFlightGate gate = new InFlightGate(1000, 400);
        List<Boolean> changes = new ArrayList<>();
        gate.onChange(changes::add);
        gate.acquire(600);
        gate.acquire(400);
        assertThat(gate.isOpen()).as("at the mark, not above").isTrue();
        gate.acquire(1);
        assertThat(gate.isOpen()).isFalse();
        gate.release(500);
        assertThat(gate.isOpen()).as("501 is above the low-water mark").isFalse();
        gate.release(200);
        assertThat(gate.isOpen()).isTrue();
        assertThat(gate.bytes()).isEqualTo(301);
        assertThat(changes).containsExactly(false, true);
    }

    /**
     * A reopen on another thread while the close is still being told: the listeners end up told "read", as the gate
     * is. Told outside any order, the slower "stop" arrived last and reading stayed paused with the gate open.
     */
    @Test
    void aReopenWhileTheCloseIsBeingToldLeavesTheListenersToldToRead() throws Exception {
        InFlightGate gate = new InFlightGate(1000, 400);
        CountDownLatch reopened = new CountDownLatch(1);
        CountDownLatch toldToRead = new CountDownLatch(1);
        List<Boolean> told = new CopyOnWriteArrayList<>();
        Thread kafka = new Thread(() -> gate.release(900));
        gate.onChange(read -> {
            if (!read) {
                // The close is being told: meanwhile Kafka acknowledges, on its own thread.
                kafka.start();
                await().atMost(Duration.ofSeconds(5)).until(gate::isOpen);
                try {
                    toldToRead.await(300, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        gate.onChange(read -> {
            told.add(read);
            if (read) {
                toldToRead.countDown();
            }
        });

        gate.acquire(1001);
        kafka.join(5_000);

        assertThat(gate.isOpen()).isTrue();
        assertThat(told).last().isEqualTo(true);
        assertThat(told).containsExactly(false, true);
    }

    @Test
    void theLowWaterMarkMustBeBelowTheHighOne() {
        assertThatThrownBy(() -> new InFlightGate(100, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}

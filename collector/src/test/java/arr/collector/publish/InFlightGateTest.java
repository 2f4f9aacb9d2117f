package arr.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
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

    @Test
    void theLowWaterMarkMustBeBelowTheHighOne() {
        assertThatThrownBy(() -> new InFlightGate(100, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}

package arr.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void eachPauseDoublesTheNextUpToTheCap() throws InterruptedException {
        Backoff backoff = new Backoff(1, 5);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(backoff.delayMillis());
            backoff.pause();
        }
        assertThat(delays).containsExactly(1L, 2L, 4L, 5L, 5L);
    }
}

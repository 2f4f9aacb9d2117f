package arr.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenPitsTest {

    private final OpenPits pits = new OpenPits();

    @Test
    void aUserHoldsAtMostTwentyAndTheLeastRecentlyUsedIsClosedFirst() {
        List<String> closed = new ArrayList<>();
        for (int i = 0; i < OpenPits.PER_USER; i++) {
            closed.addAll(pits.used("auditor", null, "pit-" + i));
        }
        assertThat(closed).isEmpty();
        pits.used("auditor", "pit-0", "pit-0");
        closed.addAll(pits.used("auditor", null, "pit-new"));
        assertThat(closed).containsExactly("pit-1");
        assertThat(pits.used("officer", null, "pit-x")).isEmpty();
    }

    @Test
    void aPointInTimeThatServedItsLastPageNoLongerCounts() {
        for (int i = 0; i < OpenPits.PER_USER; i++) {
            pits.used("auditor", null, "pit-" + i);
        }
        pits.closed("auditor", "pit-3");
        assertThat(pits.used("auditor", null, "pit-new")).isEmpty();
    }
}

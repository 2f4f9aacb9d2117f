package arr.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartialFieldCheckTest {

    /** Elasticsearch is not asked (absent here) when nothing a later schema added is searched. */
    @Test
    void aSearchByFieldsEveryDocumentHoldsNeedsNoLook() {
        EventFilters filters = new EventFilters(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, List.of(Condition.anyOf("user", List.of("alice", "bob")), Condition.startingWith("address", List.of("10.")),
                        Condition.anyOf("site", List.of("North"))));

        assertThat(new PartialFieldCheck(null).indicesLackingFields(filters)).isEmpty();
        assertThat(new PartialFieldCheck(null).indicesLackingFields(EventFilters.none())).isEmpty();
    }
}

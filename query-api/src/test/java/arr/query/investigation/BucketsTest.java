package arr.query.investigation;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketsTest {

    private static Aggregate terms(long otherEvents) {
        return Aggregate.of(a -> a.sterms(t -> t.buckets(b -> b.array(List.of(StringTermsBucket.of(x -> x.key("P1").docCount(3)))))
                .sumOtherDocCount(otherEvents).docCountErrorUpperBound(0L)));
    }

    /** A list that left values out says so: a user who touched more patients than are listed must not look as if not. */
    @Test
    void aTermsListIsTruncatedExactlyWhenEventsFellOutsideItsBuckets() {
        Map<String, Aggregate> aggregations = Map.of("patients", terms(12), "sources", terms(0));
        assertThat(Buckets.truncated(aggregations, "patients", "sources", "missing")).containsExactly("patients");
    }
}

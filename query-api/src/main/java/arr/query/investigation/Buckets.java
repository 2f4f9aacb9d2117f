package arr.query.investigation;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reading the aggregation answers the investigations ask for. */
final class Buckets {

    private Buckets() {
    }

    static Aggregation terms(String field, int size) {
        return Aggregation.of(a -> a.terms(t -> t.field(field).size(size)));
    }

    /** The names of those terms aggregations that left values out (events in buckets beyond their size). */
    static List<String> truncated(Map<String, Aggregate> aggregations, String... names) {
        List<String> cut = new java.util.ArrayList<>();
        for (String name : names) {
            Aggregate aggregate = aggregations.get(name);
            Long other = aggregate == null ? null : aggregate.isSterms() ? aggregate.sterms().sumOtherDocCount()
                    : aggregate.isLterms() ? aggregate.lterms().sumOtherDocCount() : null;
            if (other != null && other > 0) {
                cut.add(name);
            }
        }
        return cut;
    }

    /** Terms buckets of a keyword, numeric or boolean field as (value, count), most frequent first. */
    static List<Count> counts(Map<String, Aggregate> aggregations, String name) {
        Aggregate aggregate = aggregations.get(name);
        if (aggregate == null) {
            return List.of();
        }
        if (aggregate.isSterms()) {
            return aggregate.sterms().buckets().array().stream()
                    .map(b -> new Count(b.key().stringValue(), b.docCount())).toList();
        }
        if (aggregate.isLterms()) {
            return aggregate.lterms().buckets().array().stream()
                    .map(b -> new Count(b.keyAsString() != null ? b.keyAsString() : Long.toString(b.key()), b.docCount())).toList();
        }
        return List.of();
    }

    static List<String> values(Map<String, Aggregate> aggregations, String name) {
        return counts(aggregations, name).stream().map(Count::value).toList();
    }

    static Instant time(Map<String, Aggregate> aggregations, String name) {
        Aggregate aggregate = aggregations.get(name);
        if (aggregate == null) {
            return null;
        }
        Double value = aggregate.isMin() ? aggregate.min().value() : aggregate.max().value();
        return value != null && Double.isFinite(value) ? Instant.ofEpochMilli(value.longValue()) : null;
    }
}

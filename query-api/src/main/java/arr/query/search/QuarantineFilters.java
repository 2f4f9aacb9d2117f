package arr.query.search;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of the quarantine list: receipt time range and the Kafka record key (the AuditSourceID, or
 * {@code peer:<address>} for a message without a readable one).
 */
public record QuarantineFilters(Instant from, Instant to, String source) {

    public static QuarantineFilters parse(RequestParameters parameters) {
        TimeRange range = TimeRange.of(parameters);
        return new QuarantineFilters(range.from(), range.to(), parameters.text("source"));
    }

    public Query query() {
        List<Query> must = new ArrayList<>();
        if (from != null || to != null) {
            must.add(EventQueries.timeRange("receivedAt", from, to));
        }
        if (source != null) {
            must.add(EventQueries.term("sourceKey", source));
        }
        return must.isEmpty() ? Query.of(q -> q.matchAll(m -> m)) : Query.of(q -> q.bool(b -> b.filter(must)));
    }

    public String canonical() {
        List<String> parts = new ArrayList<>();
        EventFilters.add(parts, "from", from);
        EventFilters.add(parts, "to", to);
        EventFilters.add(parts, "source", source);
        return String.join("&", parts);
    }
}

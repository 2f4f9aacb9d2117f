package arr.query.search;

import arr.schemas.index.AuditDocument;
import arr.schemas.index.PartialFields;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a search filters on a field that some documents it would look at cannot hold: documents indexed before the
 * schema that added the field ({@link PartialFields}), which hold no value there whatever their message said, so the
 * search would leave them out unseen. Such a search is to be refused, naming the months, rather than answered with
 * too few events. Only months holding documents in the search's time range count, so a search of later dates is
 * answered; its other filters do not count, since the refusal would then tell unrecorded whether, say, a patient has
 * events in those months.
 */
@Singleton
public class PartialFieldCheck {

    /** Every field a schema added after the first (a hash set: a condition with no single field looks up null). */
    private static final Set<String> ADDED_FIELDS = new java.util.HashSet<>(AuditDocument.FIELDS_ADDED_IN.values().stream()
            .flatMap(List::stream).toList());

    private final ElasticsearchClient client;

    public PartialFieldCheck(ElasticsearchClient client) {
        this.client = client;
    }

    /**
     * The monthly indices holding documents in the time range of {@code filters} that may lack a field its
     * conditions filter on, sorted; empty when the search can be answered exactly.
     *
     * @throws UncheckedIOException when the indices' mappings cannot be read, so that this cannot be told
     */
    public List<String> indicesLackingFields(EventFilters filters) {
        if (filters.conditions().stream().noneMatch(c -> ADDED_FIELDS.contains(EventQueries.fieldOf(c.filter())))) {
            return List.of(); // nothing a schema added later is searched
        }
        Set<String> candidates = new TreeSet<>();
        Map<String, PartialFields> partial = partialFields();
        for (Condition condition : filters.conditions()) {
            String field = EventQueries.fieldOf(condition.filter());
            partial.forEach((index, fields) -> {
                if (field != null && fields.contains(field)) {
                    candidates.add(index);
                }
            });
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<FieldValue> names = candidates.stream().map(FieldValue::of).toList();
        Query rest = EventQueries.of(new EventFilters(filters.from(), filters.to(), null, null, null, null, null, null, null,
                null, null, null, null, null));
        Query query = Query.of(q -> q.bool(b -> b.filter(rest).filter(f -> f.terms(t -> t.field("_index").terms(v -> v.value(names))))));
        try {
            SearchResponse<Void> answer = client.search(s -> s.index(SearchTarget.EVENTS.index()).size(0).query(query)
                    .aggregations("months", a -> a.terms(t -> t.field("_index").size(candidates.size()))), Void.class);
            List<String> found = new ArrayList<>();
            answer.aggregations().get("months").sterms().buckets().array().forEach(bucket -> found.add(bucket.key().stringValue()));
            return found.stream().sorted().toList();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return List.of(); // nothing indexed yet
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every monthly event index some of whose documents may lack searched fields, read now rather than from the schema
     * guard's look of up to 10 s ago: the indexer marks a month before the document that needs the mark is sent, so
     * a mark read now covers every document a search can see. Searches by such fields are rare; reading the mappings
     * costs one request.
     */
    private Map<String, PartialFields> partialFields() {
        Map<String, PartialFields> partial = new java.util.HashMap<>();
        try {
            // Closed indices too: a search over one fails as a whole rather than leaving it out.
            client.indices().getMapping(r -> r.index("audit-events-*").allowNoIndices(true).ignoreUnavailable(true)
                    .expandWildcards(co.elastic.clients.elasticsearch._types.ExpandWildcard.All)).mappings().forEach((index, mapping) -> {
                        var meta = mapping.mappings().meta();
                        PartialFields fields = PartialFields.ofIndex(key -> json(meta, key));
                        if (!fields.isEmpty()) {
                            partial.put(index, fields);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return partial;
    }

    private static String json(Map<String, co.elastic.clients.json.JsonData> meta, String key) {
        return meta == null || meta.get(key) == null ? null : meta.get(key).toJson().toString();
    }
}

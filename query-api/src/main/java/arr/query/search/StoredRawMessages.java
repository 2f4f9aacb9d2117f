package arr.query.search;

import arr.schemas.index.AuditDocument;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The views of a page of events, each read again from its raw message, which is fetched {@value #CHUNK} events at a
 * time: at most that many raw messages are held at once, whatever the page size.
 */
final class StoredRawMessages {

    static final int CHUNK = 100;

    private final ElasticsearchClient client;

    StoredRawMessages(ElasticsearchClient client) {
        this.client = client;
    }

    List<EventView> views(List<AuditDocument> documents) {
        List<EventView> views = new ArrayList<>(documents.size());
        for (int from = 0; from < documents.size(); from += CHUNK) {
            List<AuditDocument> chunk = documents.subList(from, Math.min(documents.size(), from + CHUNK));
            Map<String, byte[]> raw = raw(chunk.stream().map(AuditDocument::id).toList());
            chunk.forEach(d -> views.add(EventView.of(d, raw.get(d.id()), false)));
        }
        return views;
    }

    private Map<String, byte[]> raw(List<String> ids) {
        SearchResponse<AuditDocument> response;
        try {
            // No partial results: an event whose raw message a failed shard kept would be shown without what it holds.
            response = client.search(s -> s.index(SearchTarget.EVENTS.index()).ignoreUnavailable(true).allowNoIndices(true)
                    .allowPartialSearchResults(false).query(q -> q.ids(i -> i.values(ids))).size(ids.size())
                    .source(f -> f.filter(x -> x.includes("raw", "rawText"))),
                    AuditDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> raw = new HashMap<>();
        for (Hit<AuditDocument> hit : response.hits().hits()) {
            if (hit.source() != null) {
                raw.put(hit.id(), hit.source().rawBytes());
            }
        }
        return raw;
    }
}

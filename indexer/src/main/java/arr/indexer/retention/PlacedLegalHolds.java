package arr.indexer.retention;

import arr.schemas.index.LegalHold;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.io.IOException;
import java.util.List;

/**
 * The legal holds an admin placed through the query API and has not released ({@link LegalHold#INDEX}). Read afresh
 * before each month is judged, so that a hold placed between two runs counts at the next. A read that fails, or
 * that cannot be whole, is an error: the retention then keeps the month (a month kept too long is the safe mistake).
 */
public class PlacedLegalHolds {

    /** The most holds read; more make the read fail rather than leave some out. */
    static final int MAX_HOLDS = 10_000;

    private final ElasticsearchClient client;

    public PlacedLegalHolds(ElasticsearchClient client) {
        this.client = client;
    }

    /** The active holds; none before the first hold is placed (the query API creates the index then). */
    public List<LegalHold> active() throws IOException {
        SearchResponse<LegalHold> response;
        try {
            response = client.search(s -> s.index(LegalHold.INDEX).size(MAX_HOLDS).allowPartialSearchResults(false)
                    .trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field("releasedAt"))))), LegalHold.class);
        } catch (ElasticsearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                return List.of();
            }
            throw new IOException("cannot read the legal holds in " + LegalHold.INDEX + ": " + e.getMessage(), e);
        }
        if (response.shards().successful().intValue() < response.shards().total().intValue()) {
            throw new IOException("the legal holds were read from " + response.shards().successful() + " of "
                    + response.shards().total() + " shards");
        }
        if (response.hits().total() != null && response.hits().total().value() > MAX_HOLDS) {
            throw new IOException("more than " + MAX_HOLDS + " active legal holds in " + LegalHold.INDEX);
        }
        return response.hits().hits().stream().filter(h -> h.source() != null).map(h -> h.source()).toList();
    }
}

package arr.query.holds;

import arr.schemas.index.LegalHold;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The legal holds placed through the API, in {@link LegalHold#INDEX}. Every write waits for a refresh, so that the
 * indexer's next retention run, which searches the index, sees it.
 */
public class LegalHoldStore {

    /** More holds than this are not listed in one answer (nor, by the indexer, read in one search). */
    public static final int MAX_HOLDS = 10_000;

    private final ElasticsearchClient client;

    public LegalHoldStore(ElasticsearchClient client) {
        this.client = client;
    }

    /** A hold as stored, with the version a conditional update must name. */
    public record Stored(LegalHold hold, long seqNo, long primaryTerm) {
    }

    /** Another request changed the hold since it was read. */
    public static final class Changed extends RuntimeException {
        Changed(String id) {
            super("legal hold " + id + " was changed by another request");
        }
    }

    public Stored create(LegalHold hold) {
        ensureIndex();
        try {
            IndexResponse response = client.index(i -> i.index(LegalHold.INDEX).id(hold.id()).opType(OpType.Create)
                    .refresh(Refresh.WaitFor).document(hold));
            return new Stored(hold, response.seqNo(), response.primaryTerm());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws Changed when the hold is no longer the version {@code previous} names */
    public Stored replace(LegalHold hold, Stored previous) {
        try {
            IndexResponse response = client.index(i -> i.index(LegalHold.INDEX).id(hold.id()).ifSeqNo(previous.seqNo())
                    .ifPrimaryTerm(previous.primaryTerm()).refresh(Refresh.WaitFor).document(hold));
            return new Stored(hold, response.seqNo(), response.primaryTerm());
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                throw new Changed(hold.id());
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes back a hold whose placing could not be recorded in the audit trail. */
    public void delete(String id) {
        try {
            client.delete(d -> d.index(LegalHold.INDEX).id(id).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Stored> get(String id) {
        try {
            GetResponse<LegalHold> response = client.get(g -> g.index(LegalHold.INDEX).id(id), LegalHold.class);
            return response.found() && response.source() != null
                    ? Optional.of(new Stored(response.source(), response.seqNo(), response.primaryTerm()))
                    : Optional.empty();
        } catch (ElasticsearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every hold, newest first; none before the first was placed. */
    public List<LegalHold> all() {
        try {
            return client.search(s -> s.index(LegalHold.INDEX).ignoreUnavailable(true).allowNoIndices(true)
                            .allowPartialSearchResults(false).size(MAX_HOLDS)
                            .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                            .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))), LegalHold.class)
                    .hits().hits().stream().filter(h -> h.source() != null).map(h -> h.source()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the index from its mapping unless it exists, before every new hold: holds are rare, and an index deleted
     * meanwhile must not come back with a mapping Elasticsearch guessed (it would no longer sort or filter as read).
     */
    private void ensureIndex() {
        String definition;
        try (InputStream in = LegalHoldStore.class.getResourceAsStream("/elasticsearch/" + LegalHold.INDEX + ".index.json")) {
            definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mapping of " + LegalHold.INDEX + ": " + e.getMessage(), e);
        }
        try {
            client.indices().create(r -> r.index(LegalHold.INDEX).withJson(new StringReader(definition)));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + LegalHold.INDEX + ": " + e.getMessage(), e);
        }
    }
}

package arr.query.holds;

import arr.query.store.VersionedDocuments;
import arr.schemas.index.LegalHold;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private final VersionedDocuments<LegalHold> documents;

    public LegalHoldStore(ElasticsearchClient client) {
        this.client = client;
        this.documents = new VersionedDocuments<>(client, LegalHold.INDEX, LegalHold.class);
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
        // Before every new hold: holds are rare, and an index deleted meanwhile must not come back with a mapping
        // Elasticsearch guessed (it would no longer sort or filter as read).
        VersionedDocuments.ensureIndex(client, LegalHold.INDEX, false);
        return documents.create(hold.id(), hold).map(LegalHoldStore::stored)
                .orElseThrow(() -> new IllegalStateException("legal hold " + hold.id() + " exists already"));
    }

    /** @throws Changed when the hold is no longer the version {@code previous} names */
    public Stored replace(LegalHold hold, Stored previous) {
        try {
            return stored(documents.replace(hold.id(), hold, new VersionedDocuments.Versioned<>(previous.hold(),
                    previous.seqNo(), previous.primaryTerm()), true));
        } catch (VersionedDocuments.ChangedMeanwhile e) {
            throw new Changed(hold.id());
        }
    }

    /** Takes back a hold whose placing could not be recorded in the audit trail. */
    public void delete(String id) {
        documents.delete(id);
    }

    public Optional<Stored> get(String id) {
        return documents.get(id).map(LegalHoldStore::stored);
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

    private static Stored stored(VersionedDocuments.Versioned<LegalHold> versioned) {
        return new Stored(versioned.value(), versioned.seqNo(), versioned.primaryTerm());
    }
}

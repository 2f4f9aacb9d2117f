package arr.query.holds;

import arr.query.store.VersionedDocuments;
import arr.schemas.index.RetentionStatus;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.util.Optional;

/** The indexer's last retention run, as it stored it ({@link RetentionStatus}). */
public class RetentionStatusStore {

    private final VersionedDocuments<RetentionStatus> documents;

    public RetentionStatusStore(ElasticsearchClient client) {
        this.documents = new VersionedDocuments<>(client, RetentionStatus.INDEX, RetentionStatus.class);
    }

    /** Empty until the indexer has run the policy once. */
    public Optional<RetentionStatus> last() {
        return documents.get(RetentionStatus.ID).map(VersionedDocuments.Versioned::value);
    }
}

package arr.query.holds;

import arr.schemas.index.RetentionStatus;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The indexer's last retention run, as it stored it ({@link RetentionStatus}). */
public class RetentionStatusStore {

    private final ElasticsearchClient client;

    public RetentionStatusStore(ElasticsearchClient client) {
        this.client = client;
    }

    /** Empty until the indexer has run the policy once. */
    public Optional<RetentionStatus> last() {
        try {
            GetResponse<RetentionStatus> response = client.get(g -> g.index(RetentionStatus.INDEX).id(RetentionStatus.ID),
                    RetentionStatus.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (ElasticsearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package arr.query.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The query API's own records of one kind in one Elasticsearch index, by ID, with Elasticsearch's versions for
 * conditional updates (report runs, legal holds, the indexer's retention status): the create, replace and get that each
 * store would otherwise write again.
 *
 * @param <T> the record type, serialized by the client's JSON mapper
 */
public final class VersionedDocuments<T> {

    /** A record as stored, with the version a conditional update must name. */
    public record Versioned<T>(T value, long seqNo, long primaryTerm) {
    }

    /** The record changed since the version named: another writer got there first. */
    public static final class ChangedMeanwhile extends RuntimeException {
        ChangedMeanwhile(String index, String id) {
            super(index + "/" + id + " changed meanwhile");
        }
    }

    private final ElasticsearchClient client;
    private final String index;
    private final Class<T> type;

    public VersionedDocuments(ElasticsearchClient client, String index, Class<T> type) {
        this.client = client;
        this.index = index;
        this.type = type;
    }

    /** Stores a new record, searchable once the call returns; empty when one with its ID exists already. */
    public Optional<Versioned<T>> create(String id, T value) {
        try {
            IndexResponse response = client.index(i -> i.index(index).id(id).opType(OpType.Create).refresh(Refresh.WaitFor)
                    .document(value));
            return Optional.of(new Versioned<>(value, response.seqNo(), response.primaryTerm()));
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces a record if it is still the version {@code previous} names; read back by ID at once (gets are
     * real-time), searchable at once when {@code searchable}, else after the next refresh.
     *
     * @throws ChangedMeanwhile when it changed since
     */
    public Versioned<T> replace(String id, T value, Versioned<?> previous, boolean searchable) {
        try {
            IndexResponse response = client.index(i -> i.index(index).id(id).ifSeqNo(previous.seqNo())
                    .ifPrimaryTerm(previous.primaryTerm()).refresh(searchable ? Refresh.WaitFor : Refresh.False).document(value));
            return new Versioned<>(value, response.seqNo(), response.primaryTerm());
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                throw new ChangedMeanwhile(index, id);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record, or empty (none with that ID, or no index yet). */
    public Optional<Versioned<T>> get(String id) {
        try {
            GetResponse<T> response = client.get(g -> g.index(index).id(id), type);
            return response.found() && response.source() != null
                    ? Optional.of(new Versioned<>(response.source(), response.seqNo(), response.primaryTerm()))
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

    public void delete(String id) {
        try {
            client.delete(d -> d.index(index).id(id).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the index from the definition (settings and mappings) in classpath resource
     * {@code /elasticsearch/<index>.index.json} unless it exists. An existing one gets its current mappings put on it
     * when {@code updateMappings} (fields added since; a conflicting change fails here, loudly).
     */
    public static void ensureIndex(ElasticsearchClient client, String index, boolean updateMappings) {
        String definition;
        try (InputStream in = VersionedDocuments.class.getResourceAsStream("/elasticsearch/" + index + ".index.json")) {
            if (in == null) {
                throw new IllegalStateException("no definition of index " + index + " on the classpath");
            }
            definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the definition of " + index + ": " + e.getMessage(), e);
        }
        try {
            client.indices().create(r -> r.index(index).withJson(new StringReader(definition)));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
            if (updateMappings) {
                putMappings(client, index, definition);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + index + ": " + e.getMessage(), e);
        }
    }

    private static void putMappings(ElasticsearchClient client, String index, String definition) {
        try {
            String mappings = new com.fasterxml.jackson.databind.ObjectMapper().readTree(definition).path("mappings").toString();
            client.indices().putMapping(m -> m.index(index).withJson(new StringReader(mappings)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the mapping of " + index + ": " + e.getMessage(), e);
        }
    }
}

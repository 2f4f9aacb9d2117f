package arr.indexer.chain;

import arr.indexer.Backoff;
import arr.indexer.deadletter.DeadLetterLedger;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a chain's head in its index (the stored link with the highest offset below the record at hand) or
 * among the dead letters, whichever is later. Everything below the committed offset is in one of the two,
 * and records above it that a crashed predecessor already wrote are excluded by the offset bound, so the
 * answer is the same link the predecessor used. Waits out an unreachable Elasticsearch.
 */
public final class ElasticsearchHeadLookup implements HeadLookup {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchHeadLookup.class);

    private final ElasticsearchClient client;
    private final DeadLetterLedger deadLetters;

    public ElasticsearchHeadLookup(ElasticsearchClient client, DeadLetterLedger deadLetters) {
        this.client = client;
        this.deadLetters = deadLetters;
    }

    @Override
    public Optional<ChainHead> find(ChainKey key, long beforeOffset) {
        Optional<ChainHead> stored = stored(key, beforeOffset);
        Optional<ChainHead> deadLettered = deadLetters.lastBefore(key, beforeOffset)
                .map(f -> new ChainHead(f.chain().sequence(), f.chain().offset(), f.chain().hash()));
        if (stored.isPresent() && deadLettered.isPresent()) {
            return stored.get().offset() > deadLettered.get().offset() ? stored : deadLettered;
        }
        return stored.isPresent() ? stored : deadLettered;
    }

    private Optional<ChainHead> stored(ChainKey key, long beforeOffset) {
        Backoff backoff = new Backoff(200, 10_000);
        while (true) {
            try {
                client.indices().refresh(r -> r.index(key.index()).ignoreUnavailable(true).allowNoIndices(true));
                SearchResponse<JsonNode> response = client.search(s -> s.index(key.index())
                        .ignoreUnavailable(true).allowNoIndices(true).size(1)
                        .query(q -> q.bool(b -> b
                                .filter(f -> f.term(t -> t.field("chain.partition").value(key.partition())))
                                .filter(f -> f.range(r -> r.number(n -> n.field("chain.offset").lt((double) beforeOffset))))))
                        // An index created without our mappings (by hand, or before the templates) has no chain yet.
                        .sort(o -> o.field(f -> f.field("chain.offset").order(SortOrder.Desc).unmappedType(FieldType.Long)))
                        .source(src -> src.filter(f -> f.includes("chain"))), JsonNode.class);
                return response.hits().hits().stream().findFirst().map(hit -> {
                    JsonNode chain = hit.source().path("chain");
                    return new ChainHead(chain.path("sequence").asLong(), chain.path("offset").asLong(), chain.path("hash").asText());
                });
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot read the head of chain {} from Elasticsearch ({}); retrying in {} ms", key, e.toString(),
                        backoff.delayMillis());
                try {
                    backoff.pause();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while looking up chain " + key, interrupted);
                }
            }
        }
    }
}

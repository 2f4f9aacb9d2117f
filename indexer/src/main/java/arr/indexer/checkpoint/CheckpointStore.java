package arr.indexer.checkpoint;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.LongTermsBucket;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code audit-checkpoints} index: created with its own strict mapping when missing, written with
 * {@code op_type=create} only (a checkpoint is never replaced), read back whole by the verifier.
 */
public final class CheckpointStore {

    public static final String INDEX = "audit-checkpoints";

    private final ElasticsearchClient client;
    private final CheckpointAnchors anchors;

    /** A store for reading (and writing without anchors). */
    public CheckpointStore(ElasticsearchClient client) {
        this(client, CheckpointAnchors.NONE);
    }

    /** @param anchors where each checkpoint is copied once Elasticsearch stored it */
    public CheckpointStore(ElasticsearchClient client, CheckpointAnchors anchors) {
        this.client = client;
        this.anchors = anchors;
    }

    public void createIndexIfMissing() {
        try {
            if (client.indices().exists(r -> r.index(INDEX)).value()) {
                // An index created before rounds had a start: its strict mapping would refuse them.
                client.indices().putMapping(m -> m.index(INDEX).properties("from", p -> p.long_(l -> l)));
                return;
            }
            try (InputStream mapping = CheckpointStore.class.getResourceAsStream("/elasticsearch/audit-checkpoints.index.json")) {
                client.indices().create(r -> r.index(INDEX).withJson(mapping));
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + INDEX + ": " + e.getMessage(), e);
        }
    }

    /** Writes signed checkpoints, then anchors those Elasticsearch stored (or already had), and returns them. */
    public List<Checkpoint> write(List<Checkpoint> checkpoints) throws IOException {
        if (checkpoints.isEmpty()) {
            return List.of();
        }
        BulkResponse response = client.bulk(b -> {
            checkpoints.forEach(c -> b.operations(op -> op.create(cr -> cr.index(INDEX).id(c.id()).document(c))));
            return b.refresh(co.elastic.clients.elasticsearch._types.Refresh.True);
        });
        List<Checkpoint> stored = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            int status = items.get(i).status();
            if (status < 300 || status == 409) {
                stored.add(checkpoints.get(i));
            }
        }
        // Only after Elasticsearch has them: an anchor without its checkpoint would be reported as a deletion.
        anchors.anchor(stored);
        return stored;
    }

    /**
     * Where the last complete checkpoint round of a partition stood (its committed offset); without one, one past the
     * highest chain checkpoint of the partition (checkpoints written before rounds were recorded); empty when the
     * partition has neither.
     */
    public java.util.Optional<Long> signedUpTo(int partition) throws IOException {
        java.util.Optional<Checkpoint> round = highest(Checkpoint.ROUND, null, partition, "offset");
        if (round.isPresent()) {
            return round.map(Checkpoint::offset);
        }
        return highest(Checkpoint.CHECKPOINT, null, partition, "offset").map(c -> c.offset() + 1);
    }

    /** The latest checkpoint of one chain. */
    public java.util.Optional<Checkpoint> lastOf(String index, int partition) throws IOException {
        return highest(Checkpoint.CHECKPOINT, index, partition, "sequence");
    }

    private java.util.Optional<Checkpoint> highest(String type, String index, int partition, String field) throws IOException {
        SearchResponse<Checkpoint> response = client.search(s -> s.index(INDEX).ignoreUnavailable(true).allowNoIndices(true).size(1)
                .query(q -> q.bool(b -> {
                    b.filter(f -> f.term(t -> t.field("type").value(type)))
                            .filter(f -> f.term(t -> t.field("partition").value(partition)));
                    if (index != null) {
                        b.filter(f -> f.term(t -> t.field("index").value(index)));
                    }
                    return b;
                }))
                .sort(o -> o.field(f -> f.field(field).order(SortOrder.Desc))), Checkpoint.class);
        return response.hits().hits().stream().findFirst().map(Hit::source);
    }

    /**
     * The newest rounds of every partition and start ({@link Checkpoint#coveredFrom()}), newest first (a few, so that a
     * reader can pass over one whose signature does not verify). Read before {@link #readAll}: a round is written
     * after the checkpoints it vouches for.
     */
    public Map<Integer, Map<Long, List<Checkpoint>>> latestRounds() throws IOException {
        SearchResponse<Void> response = client.search(s -> s.index(INDEX).ignoreUnavailable(true).allowNoIndices(true).size(0)
                .query(q -> q.term(t -> t.field("type").value(Checkpoint.ROUND)))
                .aggregations("partitions", a -> a.terms(t -> t.field("partition").size(10_000))
                        .aggregations("starts", f -> f.terms(t -> t.field("from").missing(FieldValue.of(0L)).size(10_000))
                                .aggregations("newest", n -> n.topHits(h -> h.size(5).sort(o -> o.field(x -> x.field("offset")
                                        .order(SortOrder.Desc))))))), Void.class);
        Map<Integer, Map<Long, List<Checkpoint>>> rounds = new TreeMap<>();
        if (response.aggregations().get("partitions") == null) {
            return rounds;
        }
        for (LongTermsBucket partition : response.aggregations().get("partitions").lterms().buckets().array()) {
            Map<Long, List<Checkpoint>> starts = new TreeMap<>();
            Aggregate byStart = partition.aggregations().get("starts");
            // An index created before rounds had a start, read by a verify upgraded before the indexer: "from" is not
            // mapped there, and Elasticsearch answers with string terms (every round then starts at 0).
            if (byStart.isLterms()) {
                byStart.lterms().buckets().array().forEach(b -> starts.put(b.key(), newest(b.aggregations())));
            } else if (byStart.isSterms()) {
                byStart.sterms().buckets().array().forEach(b -> starts.put(Long.parseLong(b.key().stringValue()), newest(b.aggregations())));
            }
            rounds.put((int) partition.key(), starts);
        }
        return rounds;
    }

    private static List<Checkpoint> newest(Map<String, Aggregate> aggregations) {
        List<Checkpoint> newest = new ArrayList<>();
        for (Hit<JsonData> hit : aggregations.get("newest").topHits().hits().hits()) {
            newest.add(hit.source().to(Checkpoint.class));
        }
        return newest;
    }

    /**
     * The newest checkpoints of every chain, newest first (a few, so that a reader can pass over one whose signature
     * does not verify), and every purge record: what the anchor topic must hold.
     */
    public List<List<Checkpoint>> newestOfEachChainAndPurges() throws IOException {
        List<List<Checkpoint>> out = new ArrayList<>();
        purges().forEach(purge -> out.add(List.of(purge)));
        SearchResponse<Void> heads = client.search(s -> s.index(INDEX).ignoreUnavailable(true).allowNoIndices(true).size(0)
                .query(q -> q.term(t -> t.field("type").value(Checkpoint.CHECKPOINT)))
                .aggregations("indices", a -> a.terms(t -> t.field("index").size(10_000))
                        .aggregations("partitions", p -> p.terms(t -> t.field("partition").size(10_000))
                                .aggregations("newest", n -> n.topHits(h -> h.size(3).sort(o -> o.field(x -> x.field("sequence")
                                        .order(SortOrder.Desc))))))), Void.class);
        Aggregate indices = heads.aggregations().get("indices");
        if (indices == null || !indices.isSterms()) {
            return out;
        }
        for (var index : indices.sterms().buckets().array()) {
            for (LongTermsBucket partition : index.aggregations().get("partitions").lterms().buckets().array()) {
                List<Checkpoint> newest = newest(partition.aggregations());
                if (!newest.isEmpty()) {
                    out.add(newest);
                }
            }
        }
        return out;
    }

    /** Every purge record, as stored (not yet checked against the key). */
    public List<Checkpoint> purges() throws IOException {
        List<Checkpoint> purges = new ArrayList<>();
        client.search(s -> s.index(INDEX).ignoreUnavailable(true).allowNoIndices(true).size(10_000)
                .query(q -> q.term(t -> t.field("type").value(Checkpoint.PURGE))), Checkpoint.class)
                .hits().hits().forEach(h -> purges.add(h.source()));
        return purges;
    }

    /** The round of a partition with the highest offset, whatever its start. */
    public java.util.Optional<Checkpoint> newestRound(int partition) throws IOException {
        return highest(Checkpoint.ROUND, null, partition, "offset");
    }

    /** Every checkpoint and purge record (not the rounds), ordered by index, partition and sequence. */
    public List<Checkpoint> readAll() throws IOException {
        List<Checkpoint> all = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<Checkpoint> page = client.search(s -> {
                s.index(INDEX).ignoreUnavailable(true).allowNoIndices(true).size(1000)
                        .query(q -> q.bool(b -> b.mustNot(m -> m.term(t -> t.field("type").value(Checkpoint.ROUND)))))
                        .sort(o -> o.field(f -> f.field("index").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("type").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("partition").order(SortOrder.Asc).missing("_first")))
                        .sort(o -> o.field(f -> f.field("sequence").order(SortOrder.Asc).missing("_first")));
                if (searchAfter != null) {
                    s.searchAfter(searchAfter);
                }
                return s;
            }, Checkpoint.class);
            List<Hit<Checkpoint>> hits = page.hits().hits();
            hits.forEach(h -> all.add(h.source()));
            if (hits.size() < 1000) {
                return all;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }
}

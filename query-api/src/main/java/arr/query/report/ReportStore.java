package arr.query.report;

import arr.query.export.ChunkedInputStream;
import arr.query.store.VersionedDocuments;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Report runs and their files in Elasticsearch, beside the audit data they come from (same backups, same access
 * control; nothing on a query API's local disk, so any instance serves any run). Files are kept in chunks of at most
 * {@value #CHUNK_BYTES} bytes, so that no document comes near Elasticsearch's request limits whatever a report's size.
 */
public class ReportStore {

    public static final String RUNS = "audit-report-runs";
    public static final String FILES = "audit-report-files";
    static final int CHUNK_BYTES = 1 << 20;
    private static final int DELETE_PAGE = 1000;

    private final ElasticsearchClient client;
    private final VersionedDocuments<ReportRun> runs;
    private volatile boolean ready;

    public ReportStore(ElasticsearchClient client) {
        this.client = client;
        this.runs = new VersionedDocuments<>(client, RUNS, ReportRun.class);
    }

    /** A run as stored, with the version a conditional update must name. */
    public record Stored(ReportRun run, long seqNo, long primaryTerm) {
    }

    /** Another instance (or a later attempt) changed the run since this one read or wrote it: it is no longer ours. */
    public static final class TakenOver extends RuntimeException {
        TakenOver(String id) {
            super("report run " + id + " was changed by another attempt");
        }
    }

    /** Stores a new run; null when a run with its ID exists already (another instance scheduled it first). */
    public Stored create(ReportRun run) {
        ensureIndices();
        return runs.create(run.id(), run).map(ReportStore::stored).orElse(null);
    }

    /**
     * Replaces a run if it is still the version read or written last; read back by ID at once (gets are real-time),
     * listed after the next refresh (1 s).
     *
     * @throws TakenOver when it changed since
     */
    public Stored save(ReportRun run, Stored previous) {
        ensureIndices();
        try {
            return stored(runs.replace(run.id(), run, new VersionedDocuments.Versioned<>(previous.run(), previous.seqNo(),
                    previous.primaryTerm()), false));
        } catch (VersionedDocuments.ChangedMeanwhile e) {
            throw new TakenOver(run.id());
        }
    }

    public Optional<Stored> get(String id) {
        return runs.get(id).map(ReportStore::stored);
    }

    private static Stored stored(VersionedDocuments.Versioned<ReportRun> versioned) {
        return new Stored(versioned.value(), versioned.seqNo(), versioned.primaryTerm());
    }

    /** Removes a run record that was never started (refused after it was stored). */
    public void delete(String id) {
        call(() -> client.delete(d -> d.index(RUNS).id(id).refresh(Refresh.WaitFor)));
    }

    /** Runs still queued or running whose deadline passed before this instant: their query API stopped. */
    public List<Stored> abandonedBefore(Instant before) {
        Query query = Query.of(q -> q.bool(b -> b
                .filter(f -> f.terms(t -> t.field("status").terms(v -> v.value(List.of(
                        co.elastic.clients.elasticsearch._types.FieldValue.of(ReportRun.QUEUED),
                        co.elastic.clients.elasticsearch._types.FieldValue.of(ReportRun.RUNNING))))))
                .filter(f -> f.range(r -> r.date(d -> d.field("deadline").lt(before.toString()))))));
        try {
            return client.search(s -> s.index(RUNS).ignoreUnavailable(true).allowNoIndices(true).query(query).size(100)
                            .seqNoPrimaryTerm(true), ReportRun.class)
                    .hits().hits().stream().filter(h -> h.source() != null)
                    .map(h -> new Stored(h.source(), h.seqNo(), h.primaryTerm())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest runs, of one report or of all (null); without their lists of patients downloads name. */
    public List<ReportRun> recent(String report, int size) {
        Query query = report == null ? Query.of(q -> q.matchAll(m -> m))
                : Query.of(q -> q.term(t -> t.field("report").value(report)));
        try {
            return client.search(s -> s.index(RUNS).ignoreUnavailable(true).allowNoIndices(true).query(query).size(size)
                            .sort(o -> o.field(f -> f.field("requestedAt").order(SortOrder.Desc)))
                            .source(src -> src.filter(f -> f.excludes("csvPatients", "pdfPatients"))), ReportRun.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeChunk(String fileKey, String kind, int seq, byte[] data, int length) {
        FileChunk chunk = new FileChunk(fileKey, kind, seq, Instant.now().toString(),
                Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(data, length)));
        call(() -> client.index(i -> i.index(FILES).id(fileKey + "/" + kind + "/" + seq).document(chunk)));
    }

    byte[] readChunk(String fileKey, String kind, int seq) {
        try {
            GetResponse<FileChunk> response = client.get(g -> g.index(FILES).id(fileKey + "/" + kind + "/" + seq), FileChunk.class);
            if (!response.found() || response.source() == null) {
                throw new IllegalStateException("chunk " + seq + " of the " + kind + " of report run " + fileKey + " is missing");
            }
            return Base64.getDecoder().decode(response.source().data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored file as a stream, chunk by chunk: one chunk in memory at a time. */
    public InputStream open(String fileKey, String kind, ReportRun.ReportFile file) {
        return new ChunkedInputStream(new byte[0]) {
            private int next;

            @Override
            protected byte[] nextChunk() {
                return next < file.chunks() ? readChunk(fileKey, kind, next++) : null;
            }
        };
    }

    /** Removes the files of one attempt of a run (a failed attempt's partial ones). */
    void deleteFiles(String fileKey) {
        deleteMatching(FILES, Query.of(q -> q.term(t -> t.field("run").value(fileKey))));
    }

    /** Removes the runs asked for before this instant, and the files written before it; returns how many runs. */
    long purgeBefore(Instant before) {
        long runs = deleteMatching(RUNS, Query.of(q -> q.range(r -> r.date(d -> d.field("requestedAt").lt(before.toString())))));
        deleteMatching(FILES, Query.of(q -> q.range(r -> r.date(d -> d.field("createdAt").lt(before.toString())))));
        return runs;
    }

    /**
     * Deletes every document a query matches, a page of IDs at a time ({@code _delete_by_query} lives in the reindex
     * module, which not every Elasticsearch distribution has).
     */
    private long deleteMatching(String index, Query query) {
        long deleted = 0;
        try {
            while (true) {
                client.indices().refresh(r -> r.index(index).ignoreUnavailable(true).allowNoIndices(true));
                List<String> ids = client.search(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true)
                        .query(query).size(DELETE_PAGE).source(src -> src.fetch(false)), Void.class)
                        .hits().hits().stream().map(Hit::id).toList();
                if (ids.isEmpty()) {
                    return deleted;
                }
                var response = client.bulk(b -> {
                    ids.forEach(id -> b.operations(o -> o.delete(d -> d.index(index).id(id))));
                    return b;
                });
                if (response.errors()) {
                    throw new IllegalStateException("Elasticsearch refused to delete some documents of " + index);
                }
                deleted += ids.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates both indices from their mappings unless they exist; an existing one gets the current mapping put on it
     * (fields added since it was created; a conflicting change fails here, loudly). Once per process once it has
     * succeeded.
     */
    void ensureIndices() {
        if (ready) {
            return;
        }
        for (String index : List.of(RUNS, FILES)) {
            VersionedDocuments.ensureIndex(client, index, true);
        }
        ready = true;
    }

    private interface Call {
        void run() throws IOException;
    }

    private void call(Call call) {
        ensureIndices();
        try {
            call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One chunk of a stored file ({@code run}: the attempt's file key); {@code data} is base64, as Elasticsearch's binary type takes it. */
    public record FileChunk(String run, String kind, int seq, String createdAt, String data) {
    }
}

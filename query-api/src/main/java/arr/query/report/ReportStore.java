package arr.query.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
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
    private volatile boolean ready;

    public ReportStore(ElasticsearchClient client) {
        this.client = client;
    }

    /** Stores a new run; false when a run with its ID exists already (another instance scheduled it first). */
    public boolean create(ReportRun run) {
        ensureIndices();
        try {
            client.index(i -> i.index(RUNS).id(run.id()).opType(co.elastic.clients.elasticsearch._types.OpType.Create)
                    .refresh(Refresh.WaitFor).document(run));
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void save(ReportRun run) {
        call(() -> client.index(i -> i.index(RUNS).id(run.id()).refresh(Refresh.WaitFor).document(run)));
    }

    public Optional<ReportRun> get(String id) {
        try {
            GetResponse<ReportRun> response = client.get(g -> g.index(RUNS).id(id), ReportRun.class);
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

    /** The newest runs, of one report or of all (null); without the list of exported patients. */
    public List<ReportRun> recent(String report, int size) {
        Query query = report == null ? Query.of(q -> q.matchAll(m -> m))
                : Query.of(q -> q.term(t -> t.field("report").value(report)));
        try {
            return client.search(s -> s.index(RUNS).ignoreUnavailable(true).allowNoIndices(true).query(query).size(size)
                            .sort(o -> o.field(f -> f.field("requestedAt").order(SortOrder.Desc)))
                            .source(src -> src.filter(f -> f.excludes("exportedPatients"))), ReportRun.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeChunk(String run, String kind, int seq, byte[] data, int length) {
        FileChunk chunk = new FileChunk(run, kind, seq, Instant.now().toString(),
                Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(data, length)));
        call(() -> client.index(i -> i.index(FILES).id(run + "/" + kind + "/" + seq).document(chunk)));
    }

    byte[] readChunk(String run, String kind, int seq) {
        try {
            GetResponse<FileChunk> response = client.get(g -> g.index(FILES).id(run + "/" + kind + "/" + seq), FileChunk.class);
            if (!response.found() || response.source() == null) {
                throw new IllegalStateException("chunk " + seq + " of the " + kind + " of report run " + run + " is missing");
            }
            return Base64.getDecoder().decode(response.source().data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored file as a stream, chunk by chunk: one chunk in memory at a time. */
    public InputStream open(String run, String kind, ReportRun.ReportFile file) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;
            private int next;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                while (position >= chunk.length) {
                    if (next >= file.chunks()) {
                        return -1;
                    }
                    chunk = readChunk(run, kind, next++);
                    position = 0;
                }
                int n = Math.min(length, chunk.length - position);
                System.arraycopy(chunk, position, target, offset, n);
                position += n;
                return n;
            }
        };
    }

    /** Removes a run's files (a failed run's partial ones). */
    void deleteFiles(String run) {
        deleteMatching(FILES, Query.of(q -> q.term(t -> t.field("run").value(run))));
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

    /** Creates both indices from their mappings unless they exist; once per process once it has succeeded. */
    void ensureIndices() {
        if (ready) {
            return;
        }
        for (String index : List.of(RUNS, FILES)) {
            try (InputStream mapping = ReportStore.class.getResourceAsStream("/elasticsearch/" + index + ".index.json")) {
                client.indices().create(r -> r.index(index).withJson(mapping));
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + index + ": " + e.getMessage(), e);
            }
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

    /** One chunk of a stored file; {@code data} is base64, as Elasticsearch's binary type takes it. */
    public record FileChunk(String run, String kind, int seq, String createdAt, String data) {
    }
}

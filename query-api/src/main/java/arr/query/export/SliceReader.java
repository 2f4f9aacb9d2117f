package arr.query.export;

import arr.query.search.PagedSearch;
import arr.query.search.SearchTarget;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.SourceFilter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads one slice of an export's point in time newest first, batch by batch, keeping up to {@value #AHEAD} batches
 * fetched ahead of the one being consumed. Slices are contiguous document ranges, so with documents indexed in time
 * order the newest-first merge consumes one slice after the other; reading ahead lets the waiting slice's requests run
 * on Elasticsearch in parallel with the consumed one's, within a bounded amount of memory.
 */
final class SliceReader {

    static final SourceFilter FIELDS = SourceFilter.of(f -> f.includes(CsvRow.SOURCE_FIELDS));
    static final int AHEAD = 3;

    private final PagedSearch search;
    private final Query query;
    private final int batchSize;
    private final PagedSearch.Slice slice;
    private final Executor executor;
    private final Deque<CompletableFuture<PagedSearch.Batch<ExportedEvent>>> ahead = new ArrayDeque<>();
    private CompletableFuture<PagedSearch.Batch<ExportedEvent>> last;
    private PagedSearch.Batch<ExportedEvent> current;
    private int index;
    private boolean stopped;

    SliceReader(PagedSearch search, String pit, Query query, int batchSize, PagedSearch.Slice slice, Executor executor) {
        this.search = search;
        this.query = query;
        this.batchSize = batchSize;
        this.slice = slice;
        this.executor = executor;
        this.current = fetch(pit, null);
        this.last = CompletableFuture.completedFuture(current);
        readAhead();
    }

    long total() {
        return current.total();
    }

    /** Whether a document is waiting; waits for the next batch when the current one is used up. */
    boolean hasNext() {
        while (current == null || index >= current.documents().size()) {
            if (ahead.isEmpty()) {
                return false;
            }
            current = ahead.removeFirst().join();
            index = 0;
            readAhead();
        }
        return true;
    }

    /** The event time (ms) of the waiting document; call after {@link #hasNext}. */
    long key() {
        return current.keys().get(index);
    }

    ExportedEvent take() {
        return current.documents().get(index++);
    }

    /** Stops reading; fetches still running are left to finish (or fail on the closed point in time). */
    void stop() {
        stopped = true;
        ahead.clear();
    }

    /** Chains fetches after the last scheduled one until {@value #AHEAD} are waiting; a null batch marks the end. */
    private void readAhead() {
        while (!stopped && ahead.size() < AHEAD && !(last.isDone() && ended(last.join()))) {
            last = last.thenApplyAsync(previous -> ended(previous) || stopped ? null : fetch(previous.pit(), previous.after()),
                    executor);
            ahead.addLast(last);
        }
    }

    private static boolean ended(PagedSearch.Batch<ExportedEvent> batch) {
        return batch == null || batch.after() == null;
    }

    private PagedSearch.Batch<ExportedEvent> fetch(String pit, List<Long> after) {
        return search.fetch(pit, SearchTarget.EVENTS, query, batchSize, after, FIELDS, ExportedEvent.class, slice);
    }
}

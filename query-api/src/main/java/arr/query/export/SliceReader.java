package arr.query.export;

import arr.query.search.PagedSearch;
import arr.query.search.SearchTarget;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.SourceFilter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads one slice of an export's point in time newest first, batch by batch, always fetching the next batch in the
 * background while the current one is consumed.
 */
final class SliceReader {

    static final SourceFilter FIELDS = SourceFilter.of(f -> f.includes(CsvRow.SOURCE_FIELDS));

    private final PagedSearch search;
    private final Query query;
    private final int batchSize;
    private final PagedSearch.Slice slice;
    private final Executor executor;
    private PagedSearch.Batch<ExportedEvent> current;
    private int index;
    private CompletableFuture<PagedSearch.Batch<ExportedEvent>> next;

    SliceReader(PagedSearch search, String pit, Query query, int batchSize, PagedSearch.Slice slice, Executor executor) {
        this.search = search;
        this.query = query;
        this.batchSize = batchSize;
        this.slice = slice;
        this.executor = executor;
        this.current = fetch(pit, null);
        this.next = prefetch();
    }

    long total() {
        return current.total();
    }

    /** Whether a document is waiting; waits for the next batch when the current one is used up. */
    boolean hasNext() {
        while (index >= current.documents().size()) {
            if (next == null) {
                return false;
            }
            current = next.join();
            index = 0;
            next = prefetch();
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

    /** Stops reading; a background fetch still running is left to finish (or fail on the closed point in time). */
    void stop() {
        next = null;
    }

    private CompletableFuture<PagedSearch.Batch<ExportedEvent>> prefetch() {
        if (current.after() == null) {
            return null;
        }
        PagedSearch.Batch<ExportedEvent> from = current;
        return CompletableFuture.supplyAsync(() -> fetch(from.pit(), from.after()), executor);
    }

    private PagedSearch.Batch<ExportedEvent> fetch(String pit, List<Long> after) {
        return search.fetch(pit, SearchTarget.EVENTS, query, batchSize, after, FIELDS, ExportedEvent.class, slice);
    }
}

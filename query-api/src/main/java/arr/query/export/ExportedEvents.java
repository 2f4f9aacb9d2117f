package arr.query.export;

import arr.query.search.PagedSearch;
import arr.query.search.SearchTarget;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;

/**
 * Every event a query matches, newest first, read from one point in time. Elasticsearch's fetch of stored documents is
 * the bottleneck of a long read and runs on one thread per request, so the point in time is read as {@value #SLICES}
 * disjoint slices in parallel, each newest first and fetched a batch ahead; their events are merged back into one
 * newest-first order. Memory stays at a few batches per slice whatever the number of events. Used by the CSV export
 * and by compliance reports.
 */
public final class ExportedEvents implements Iterator<ExportedEvent>, AutoCloseable {

    static final int SLICES = 2;

    private final PagedSearch search;
    private final List<SliceReader> slices;
    private final long total;
    private final String pit;
    private boolean closed;

    private ExportedEvents(PagedSearch search, List<SliceReader> slices, String pit) {
        this.search = search;
        this.slices = slices;
        this.pit = pit;
        this.total = slices.stream().mapToLong(SliceReader::total).sum();
    }

    /** Runs each slice's first batch, so that the exact total is known before the first event is taken. */
    public static ExportedEvents start(PagedSearch search, Query query, int batchSize, Executor executor) {
        String pit = search.open(SearchTarget.EVENTS);
        List<SliceReader> slices = new ArrayList<>();
        try {
            if (pit != null) {
                for (int i = 0; i < SLICES; i++) {
                    slices.add(new SliceReader(search, pit, query, batchSize, new PagedSearch.Slice(i, SLICES), executor));
                }
            }
        } catch (RuntimeException e) {
            // A slice's first batch failed: stop the others' read-ahead and give the point in time back.
            slices.forEach(SliceReader::stop);
            search.close(pit);
            throw e;
        }
        return new ExportedEvents(search, slices, pit);
    }

    /** How many events the query matched at the point in time. */
    public long total() {
        return total;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (newest() == null) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public ExportedEvent next() {
        SliceReader newest = closed ? null : newest();
        if (newest == null) {
            throw new NoSuchElementException();
        }
        return newest.take();
    }

    private SliceReader newest() {
        SliceReader newest = null;
        for (SliceReader slice : slices) {
            if (slice.hasNext() && (newest == null || slice.key() > newest.key())) {
                newest = slice;
            }
        }
        return newest;
    }

    /** Stops reading and closes the point in time; fetches still running are left to fail on it. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            slices.forEach(SliceReader::stop);
            if (pit != null) {
                search.close(pit);
            }
        }
    }
}

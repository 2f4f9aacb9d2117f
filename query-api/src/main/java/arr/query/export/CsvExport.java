package arr.query.export;

import arr.query.search.PagedSearch;
import arr.query.search.SearchTarget;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The rows of one export as a stream. Elasticsearch's fetch of stored documents is the export's bottleneck and runs on
 * one thread per request, so the point in time is read as {@value #SLICES} disjoint slices in parallel, each newest
 * first and fetched a batch ahead; their rows are merged back into one newest-first order. Memory stays at two
 * batches per slice whatever the export's size, and a slow client slows the reads.
 */
public final class CsvExport extends InputStream {

    static final int SLICES = 2;
    private static final int ROWS_PER_CHUNK = 2000;

    private final PagedSearch search;
    private final List<SliceReader> slices;
    private final long total;
    private final String pit;
    private byte[] buffer;
    private int position;
    private boolean done;

    private CsvExport(PagedSearch search, List<SliceReader> slices, String pit) {
        this.search = search;
        this.slices = slices;
        this.pit = pit;
        this.total = slices.stream().mapToLong(SliceReader::total).sum();
        this.buffer = CsvRow.header().getBytes(StandardCharsets.UTF_8);
    }

    /** Runs each slice's first batch (so that the export's exact total is known before anything is sent). */
    public static CsvExport start(PagedSearch search, Query query, int batchSize, Executor executor) {
        String pit = search.open(SearchTarget.EVENTS);
        List<SliceReader> slices = new ArrayList<>();
        if (pit != null) {
            for (int i = 0; i < SLICES; i++) {
                slices.add(new SliceReader(search, pit, query, batchSize, new PagedSearch.Slice(i, SLICES), executor));
            }
        }
        return new CsvExport(search, slices, pit);
    }

    /** How many rows the export holds. */
    public long total() {
        return total;
    }

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
        while (position >= buffer.length) {
            if (done) {
                return -1;
            }
            buffer = nextChunk();
            position = 0;
        }
        int n = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** The next rows in newest-first order across slices. */
    private byte[] nextChunk() {
        StringBuilder text = new StringBuilder(ROWS_PER_CHUNK * 300);
        for (int rows = 0; rows < ROWS_PER_CHUNK; rows++) {
            SliceReader newest = null;
            for (SliceReader slice : slices) {
                if (slice.hasNext() && (newest == null || slice.key() > newest.key())) {
                    newest = slice;
                }
            }
            if (newest == null) {
                finish();
                break;
            }
            CsvRow.append(text, newest.take());
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (!done) {
            slices.forEach(SliceReader::stop);
            finish();
        }
    }

    private void finish() {
        done = true;
        if (pit != null) {
            search.close(pit);
        }
    }
}

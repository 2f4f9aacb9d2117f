package arr.query.export;

import arr.query.search.PagedSearch;
import arr.query.search.SearchTarget;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.SourceFilter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The rows of one export as a stream that fetches the next batch from Elasticsearch only when the client has read
 * the previous one: memory stays at one batch whatever the export's size, and a slow client slows the reads.
 */
public final class CsvExport extends InputStream {

    private static final SourceFilter FIELDS = SourceFilter.of(f -> f.includes(CsvRow.SOURCE_FIELDS));

    private final PagedSearch search;
    private final Query query;
    private final int batchSize;
    private final long total;
    private String pit;
    private List<Long> after;
    private byte[] buffer;
    private int position;

    private CsvExport(PagedSearch search, Query query, int batchSize, PagedSearch.Batch<ExportedEvent> first) {
        this.search = search;
        this.query = query;
        this.batchSize = batchSize;
        this.total = first.total();
        this.pit = first.pit();
        this.after = first.after();
        StringBuilder text = new StringBuilder(CsvRow.header());
        first.documents().forEach(d -> CsvRow.append(text, d));
        this.buffer = text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Runs the export's first batch (so that its exact total is known before anything is sent). */
    public static CsvExport start(PagedSearch search, Query query, int batchSize) {
        String pit = search.open(SearchTarget.EVENTS);
        if (pit == null) {
            return new CsvExport(search, query, batchSize, new PagedSearch.Batch<>(null, 0, List.of(), null));
        }
        return new CsvExport(search, query, batchSize,
                search.fetch(pit, SearchTarget.EVENTS, query, batchSize, null, FIELDS, ExportedEvent.class));
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
            if (after == null) {
                return -1;
            }
            PagedSearch.Batch<ExportedEvent> batch = search.fetch(pit, SearchTarget.EVENTS, query, batchSize, after, FIELDS,
                    ExportedEvent.class);
            pit = batch.pit();
            after = batch.after();
            StringBuilder text = new StringBuilder(batch.documents().size() * 256);
            batch.documents().forEach(d -> CsvRow.append(text, d));
            buffer = text.toString().getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        int n = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        if (after != null && pit != null) {
            search.close(pit);
            after = null;
        }
    }
}

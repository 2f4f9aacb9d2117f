package arr.query.export;

import arr.query.search.PagedSearch;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The rows of one export as a stream, read from {@link ExportedEvents} chunk by chunk: memory stays at a few batches
 * whatever the export's size, and a slow client slows the reads.
 */
public final class CsvExport extends ChunkedInputStream {

    private static final int ROWS_PER_CHUNK = 2000;

    private final ExportedEvents events;
    private boolean done;

    private CsvExport(ExportedEvents events) {
        super(CsvRow.header().getBytes(StandardCharsets.UTF_8));
        this.events = events;
    }

    /** Runs each slice's first batch (so that the export's exact total is known before anything is sent). */
    public static CsvExport start(PagedSearch search, Query query, int batchSize, Executor executor) {
        return new CsvExport(ExportedEvents.start(search, query, batchSize, executor));
    }

    /** How many rows the export holds. */
    public long total() {
        return events.total();
    }

    /** The next rows in newest-first order; null once they are all read. */
    @Override
    protected byte[] nextChunk() {
        if (done) {
            return null;
        }
        StringBuilder text = new StringBuilder(ROWS_PER_CHUNK * 300);
        for (int rows = 0; rows < ROWS_PER_CHUNK; rows++) {
            if (!events.hasNext()) {
                done = true;
                break;
            }
            CsvRow.append(text, events.next());
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        done = true;
        events.close();
    }
}

package arr.query.export;

import arr.query.search.PagedSearch;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The rows of one export as a stream, read from {@link ExportedEvents} chunk by chunk: memory stays at a few batches
 * whatever the export's size, and a slow client slows the reads.
 */
public final class CsvExport extends InputStream {

    private static final int ROWS_PER_CHUNK = 2000;

    private final ExportedEvents events;
    private byte[] buffer;
    private int position;
    private boolean done;

    private CsvExport(ExportedEvents events) {
        this.events = events;
        this.buffer = CsvRow.header().getBytes(StandardCharsets.UTF_8);
    }

    /** Runs each slice's first batch (so that the export's exact total is known before anything is sent). */
    public static CsvExport start(PagedSearch search, Query query, int batchSize, Executor executor) {
        return new CsvExport(ExportedEvents.start(search, query, batchSize, executor));
    }

    /** How many rows the export holds. */
    public long total() {
        return events.total();
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

    /** The next rows in newest-first order. */
    private byte[] nextChunk() {
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

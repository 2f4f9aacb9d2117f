package arr.query.report;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes one file of a report run into the store chunk by chunk as it is produced (a large CSV is never held whole in
 * memory), and hashes it on the way.
 */
final class StoredFileWriter extends OutputStream {

    private final ReportStore store;
    private final String run;
    private final String kind;
    private final byte[] buffer = new byte[ReportStore.CHUNK_BYTES];
    private final MessageDigest sha256;
    private int filled;
    private int chunks;
    private long bytes;

    StoredFileWriter(ReportStore store, String run, String kind) {
        this.store = store;
        this.run = run;
        this.kind = kind;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        sha256.update(data, offset, length);
        bytes += length;
        while (length > 0) {
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(data, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == buffer.length) {
                flushChunk();
            }
        }
    }

    /** Stores what is left and says what was stored. */
    ReportRun.ReportFile finish() {
        if (filled > 0 || chunks == 0) {
            flushChunk();
        }
        return new ReportRun.ReportFile(HexFormat.of().formatHex(sha256.digest()), bytes, chunks);
    }

    private void flushChunk() {
        store.writeChunk(run, kind, chunks++, buffer, filled);
        filled = 0;
    }
}

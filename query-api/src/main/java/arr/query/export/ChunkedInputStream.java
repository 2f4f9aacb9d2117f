package arr.query.export;

import java.io.InputStream;

/**
 * A stream made of byte chunks produced one at a time, so that only one chunk is in memory: a CSV export's rows, a
 * stored report file's pieces.
 */
public abstract class ChunkedInputStream extends InputStream {

    private byte[] chunk;
    private int position;

    /** @param first the bytes before the first produced chunk (a header), or an empty array */
    protected ChunkedInputStream(byte[] first) {
        this.chunk = first;
    }

    /** The next chunk, possibly empty; null at the end. */
    protected abstract byte[] nextChunk();

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
            byte[] next = nextChunk();
            if (next == null) {
                return -1;
            }
            chunk = next;
            position = 0;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, target, offset, n);
        position += n;
        return n;
    }
}

package arr.collector.publish;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Counts the bytes of envelopes handed to Kafka and not yet acknowledged. Above the high-water mark it
 * tells its listeners to stop reading (TCP and TLS channels turn autoRead off), below the low-water mark
 * to read again: when Kafka is slow or down, the slowness spreads back to the senders instead of into memory.
 */
public final class InFlightGate {

    private final long highWaterBytes;
    private final long lowWaterBytes;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private long bytes;
    private boolean open = true;

    public InFlightGate(long highWaterBytes, long lowWaterBytes) {
        if (lowWaterBytes >= highWaterBytes) {
            throw new IllegalArgumentException("low-water mark " + lowWaterBytes + " must be below the high-water mark " + highWaterBytes);
        }
        this.highWaterBytes = highWaterBytes;
        this.lowWaterBytes = lowWaterBytes;
    }

    /** Registers a listener told {@code true} (read) or {@code false} (stop reading) on each change. */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    public void acquire(long size) {
        boolean close;
        synchronized (this) {
            bytes += size;
            close = open && bytes > highWaterBytes;
            if (close) {
                open = false;
            }
        }
        if (close) {
            listeners.forEach(l -> l.accept(false));
        }
    }

    public void release(long size) {
        boolean reopen;
        synchronized (this) {
            bytes -= size;
            reopen = !open && bytes < lowWaterBytes;
            if (reopen) {
                open = true;
            }
        }
        if (reopen) {
            listeners.forEach(l -> l.accept(true));
        }
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized boolean isOpen() {
        return open;
    }
}

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
    /** Held while the listeners are told; guards {@link #told}. */
    private final Object telling = new Object();
    /** What the listeners were last told. */
    private boolean told = true;

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
            tell();
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
            tell();
        }
    }

    /**
     * Tells the listeners the state as it is now, one change at a time. A close (on an event loop) and a reopen (on
     * Kafka's thread) close together used to reach them in either order, each told outside the lock: told "read"
     * first and "stop" last, the collector stopped reading with the gate open, and nothing would tell it again.
     */
    private void tell() {
        synchronized (telling) {
            boolean now = isOpen();
            if (now != told) {
                told = now;
                listeners.forEach(l -> l.accept(now));
            }
        }
    }

    /**
     * Runs an action with what the listeners were last told, while no other change can reach them: a connection that
     * joins the listeners' set before calling this gets every later change, so it can never be left paused with the
     * gate open (or reading with it closed) by a change that crossed its joining.
     */
    public void whileTold(Consumer<Boolean> action) {
        synchronized (telling) {
            action.accept(told);
        }
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized boolean isOpen() {
        return open;
    }
}

package arr.indexer;

/**
 * Capped exponential backoff for waiting out an Elasticsearch or Kafka that is not available: each pause doubles
 * the next one, up to the cap. One instance per wait; not thread-safe.
 */
public final class Backoff {

    private final long maxMillis;
    private long nextMillis;

    public Backoff(long firstMillis, long maxMillis) {
        this.nextMillis = firstMillis;
        this.maxMillis = maxMillis;
    }

    /** How long the next {@link #pause} sleeps. */
    public long delayMillis() {
        return nextMillis;
    }

    /**
     * Sleeps the current delay, then doubles it (capped).
     *
     * @throws InterruptedException when interrupted while sleeping (the caller decides what that means)
     */
    public void pause() throws InterruptedException {
        Thread.sleep(nextMillis);
        nextMillis = Math.min(nextMillis * 2, maxMillis);
    }
}

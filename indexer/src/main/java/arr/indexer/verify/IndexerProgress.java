package arr.indexer.verify;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What verify knows of the indexer's progress: its consumer group's committed offsets on {@code audit.events}
 * (partition to the next offset to read; a partition never committed is absent), and how long to wait for it to
 * commit past a gap it may still fill.
 */
public record IndexerProgress(Supplier<Map<Integer, Long>> committed, Duration patience) {

    /** No progress known: every gap is judged as it is found. */
    public static final IndexerProgress UNKNOWN = new IndexerProgress(Map::of, Duration.ZERO);
}

package arr.indexer.retention;

import java.io.IOException;
import java.time.Instant;

/** How far the indexer has come through {@code audit.events}, measured in receipt time. */
@FunctionalInterface
public interface IndexingProgress {

    /**
     * Whether every message received before {@code time} has been indexed (or dead-lettered): only then can retention
     * count what a month holds, because a message still in Kafka may belong to it.
     */
    boolean indexedAllReceivedBefore(Instant time) throws IOException;
}

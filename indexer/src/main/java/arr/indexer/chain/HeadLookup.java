package arr.indexer.chain;

import java.util.Optional;

/** Finds where a chain stopped before this consumer took its partition over (after a restart or a rebalance). */
public interface HeadLookup {

    /** The link of {@code key} with the highest offset below {@code beforeOffset}, if any was ever written. */
    Optional<ChainHead> find(ChainKey key, long beforeOffset);
}

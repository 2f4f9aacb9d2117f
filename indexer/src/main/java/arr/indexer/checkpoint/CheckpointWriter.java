package arr.indexer.checkpoint;

import arr.indexer.chain.ChainHead;
import arr.indexer.chain.ChainKey;
import arr.indexer.chain.ChainTracker;
import arr.schemas.index.ChainLink;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the chain heads that are safe to checkpoint (committed in Kafka, so final) and stores them. A failed
 * write leaves them pending for the next round: a checkpoint may come late, never wrong.
 */
public final class CheckpointWriter {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

    private final CheckpointStore store;
    private final PrivateKey key;
    private final String keyId;
    private final Clock clock;
    private final Counter written;
    /** Per partition, the committed offset of the last round recorded by this consumer. */
    private final Map<Integer, Long> roundsAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<Integer> unsignedStretches = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Per partition, where this consumer's rounds vouch from; absent: from the partition's beginning. */
    private final Map<Integer, Long> coveredFrom = new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter uncovered;

    public CheckpointWriter(CheckpointStore store, PrivateKey key, String keyId, Clock clock, Counter written) {
        this(store, key, keyId, clock, written, null);
    }

    /** @param uncovered counts stretches left unsigned for good (see {@link #restartVouching}) */
    public CheckpointWriter(CheckpointStore store, PrivateKey key, String keyId, Clock clock, Counter written, Counter uncovered) {
        this.uncovered = uncovered;
        this.store = store;
        this.key = key;
        this.keyId = keyId;
        this.clock = clock;
        this.written = written;
    }

    public Checkpoint sign(Checkpoint unsigned) {
        return unsigned.signed(keyId, CheckpointKeys.sign(key, unsigned.signedText()));
    }

    /**
     * Partitions just assigned, whose predecessor may have left a stretch unsigned: no round is recorded for them
     * until {@link #completeRound} signed that stretch, or a round would vouch for documents no checkpoint covers.
     */
    public void stretchPending(java.util.Collection<Integer> partitions) {
        unsignedStretches.addAll(partitions);
    }

    /**
     * Signs the heads a predecessor left unsigned on a partition just assigned ({@link UnsignedStretch}), then
     * records the round they complete. They lie below the committed offset, so they are final.
     *
     * @throws IOException when not all of them were stored (the caller tries again)
     */
    public void completeRound(int partition, long committed, UnsignedStretch.Recomputed stretch) throws IOException {
        Map<ChainKey, ChainHead> heads = stretch.heads();
        List<Checkpoint> signed = new ArrayList<>();
        heads.forEach((key, head) -> signed.add(sign(Checkpoint.head(key.index(), key.partition(), head.sequence(), head.offset(),
                head.hash(), clock.instant()))));
        List<Checkpoint> stored = store.write(signed);
        written.increment(stored.size());
        if (stored.size() != signed.size()) {
            throw new IOException("only " + stored.size() + " of the " + signed.size() + " unsigned chain heads of partition "
                    + partition + " were stored");
        }
        if (!heads.isEmpty()) {
            LOG.info("signed {} chain heads of partition {} a previous owner left without a checkpoint: {}", stored.size(),
                    partition, heads.keySet());
        }
        if (stretch.coveredFrom() == null) {
            coveredFrom.remove(partition);
        } else {
            coveredFrom.put(partition, stretch.coveredFrom());
        }
        unsignedStretches.remove(partition);
        recordRounds(Map.of(partition, committed));
    }

    /**
     * Gives up on a stretch a predecessor left unsigned that cannot be recomputed ({@link UnsignedStretch.CannotRecompute}):
     * this consumer's rounds on the partition vouch only from {@code committed}, where its own work starts. The stretch
     * stays without checkpoints (verify cannot tell additions in it from late documents), and everything after it is
     * vouched for again, instead of the whole partition going without rounds while this consumer owns it.
     */
    public void restartVouching(int partition, long committed) {
        coveredFrom.put(partition, committed);
        unsignedStretches.remove(partition);
        if (uncovered != null) {
            uncovered.increment();
        }
    }

    /**
     * One round: signs every chain's highest link below the committed offset of its partition, then, once all of
     * them are stored, a {@code round} record per partition that moved (see {@link Checkpoint}). A round that stores
     * only some of its checkpoints records no round: its heads stay pending for the next one.
     *
     * @param committed the next offset to read per partition, as just committed
     */
    public void checkpoint(ChainTracker tracker, Map<Integer, Long> committed) {
        List<Map.Entry<ChainKey, ChainLink>> ready = tracker.checkpointable(committed);
        List<Checkpoint> signed = new ArrayList<>();
        for (Map.Entry<ChainKey, ChainLink> head : ready) {
            ChainLink link = head.getValue();
            signed.add(sign(Checkpoint.head(head.getKey().index(), link.partition(), link.sequence(), link.offset(),
                    link.hash(), clock.instant())));
        }
        try {
            List<Checkpoint> stored = store.write(signed);
            for (int i = 0; i < ready.size(); i++) {
                if (stored.contains(signed.get(i))) {
                    tracker.checkpointed(ready.get(i).getKey(), ready.get(i).getValue());
                }
            }
            written.increment(stored.size());
            if (stored.size() == signed.size()) {
                recordRounds(committed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write {} checkpoints ({}); they stay pending", signed.size(), e.toString());
        }
    }

    /** Records complete rounds of the partitions whose committed offset moved since their last one. */
    public void recordRounds(Map<Integer, Long> committed) throws IOException {
        List<Checkpoint> rounds = new ArrayList<>();
        committed.forEach((partition, offset) -> {
            Long from = coveredFrom.get(partition);
            // A round at offset 0 (nothing committed yet) would vouch for nothing.
            if (offset > 0 && offset > roundsAt.getOrDefault(partition, -1L) && !unsignedStretches.contains(partition)
                    && (from == null || offset > from)) {
                rounds.add(sign(Checkpoint.round(partition, from, offset, clock.instant())));
            }
        });
        for (Checkpoint round : store.write(rounds)) {
            roundsAt.merge(round.partition(), round.offset(), Math::max);
        }
    }

    /**
     * Owned partitions that get no rounds yet because what a predecessor left unsigned is not signed yet (for a moment
     * after each assignment, longer while Elasticsearch or Kafka cannot be reached): on those, {@code verify} cannot
     * report documents added after their chain's last checkpoint meanwhile.
     */
    public int roundsSuspended() {
        return unsignedStretches.size();
    }

    /** Forgets what it recorded for partitions moved to another consumer, whose rounds are that consumer's now. */
    public void forget(java.util.Collection<Integer> partitions) {
        partitions.forEach(roundsAt::remove);
        partitions.forEach(coveredFrom::remove);
        unsignedStretches.removeAll(partitions);
    }
}

package arr.indexer.checkpoint;

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

    public CheckpointWriter(CheckpointStore store, PrivateKey key, String keyId, Clock clock, Counter written) {
        this.store = store;
        this.key = key;
        this.keyId = keyId;
        this.clock = clock;
        this.written = written;
    }

    public Checkpoint sign(Checkpoint unsigned) {
        return unsigned.signed(keyId, CheckpointKeys.sign(key, unsigned.signedText()));
    }

    /** @param committed the next offset to read per partition, as just committed */
    public void checkpoint(ChainTracker tracker, Map<Integer, Long> committed) {
        List<Map.Entry<ChainKey, ChainLink>> ready = tracker.checkpointable(committed);
        if (ready.isEmpty()) {
            return;
        }
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
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write {} checkpoints ({}); they stay pending", signed.size(), e.toString());
        }
    }
}

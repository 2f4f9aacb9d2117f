package arr.indexer.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, anchors what {@code audit-checkpoints} holds further than the anchor topic: the copies an indexer
 * killed between storing a checkpoint and sending its copy never sent (a month's last checkpoint is never stored
 * again, so no later copy replaces it). Only statements our key signed are copied, and only ones reaching further
 * than their key's anchor: someone who deleted or forged checkpoints in Elasticsearch can neither pull an anchor back
 * nor plant one.
 */
public final class AnchorCatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(AnchorCatchUp.class);

    private final CheckpointStore store;
    private final CheckpointAnchors anchors;
    private final Supplier<Anchors> anchored;
    private final Predicate<Checkpoint> genuine;

    /**
     * @param anchored reads the anchor topic
     * @param genuine  whether a statement is signed by our key
     */
    public AnchorCatchUp(CheckpointStore store, CheckpointAnchors anchors, Supplier<Anchors> anchored, Predicate<Checkpoint> genuine) {
        this.store = store;
        this.anchors = anchors;
        this.anchored = anchored;
        this.genuine = genuine;
    }

    /** @return the statements copied */
    public List<Checkpoint> run() throws IOException {
        Map<String, Checkpoint> topic = anchored.get().newest();
        List<Checkpoint> missing = new ArrayList<>();
        List<List<Checkpoint>> candidates = new ArrayList<>(store.newestOfEachChainAndPurges());
        store.latestRounds().values().forEach(starts -> candidates.addAll(starts.values()));
        for (List<Checkpoint> newestFirst : candidates) {
            newestFirst.stream().filter(genuine).findFirst().ifPresent(c -> {
                Checkpoint anchor = topic.get(AnchorTopic.key(c));
                if (anchor == null || AnchorTopic.reach(c) > AnchorTopic.reach(anchor)) {
                    missing.add(c);
                }
            });
        }
        if (!missing.isEmpty()) {
            LOG.warn("anchoring {} signed checkpoints the anchor topic did not have (copies lost when an indexer stopped): {}",
                    missing.size(), missing.stream().map(Checkpoint::id).toList());
            anchors.anchor(missing);
        }
        return missing;
    }
}

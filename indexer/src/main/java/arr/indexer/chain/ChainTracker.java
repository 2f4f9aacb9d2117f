package arr.indexer.chain;

import arr.schemas.chain.ChainHashes;
import arr.schemas.index.ChainLink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Extends the chains as records are polled, in offset order per partition. A link depends only on the
 * record and the chain before it, so a record replayed after a crash gets exactly the link it got the first
 * time (and its create is a harmless 409). Heads unknown to this consumer are looked up once, where the
 * previous owner left them. Also remembers links not yet checkpointed. {@link #next} runs on the consumer thread only; acknowledgements arrive from the bulk threads.
 */
public final class ChainTracker {

    private final HeadLookup lookup;
    private final Map<ChainKey, ChainHead> heads = new HashMap<>();
    private final Map<ChainKey, ChainLink> uncheckpointed = new HashMap<>();

    public ChainTracker(HeadLookup lookup) {
        this.lookup = lookup;
    }

    public ChainLink next(String index, int partition, long offset, byte[] rawDigest, byte[] canonicalDocument) {
        ChainKey key = new ChainKey(index, partition);
        ChainHead head = heads.get(key);
        if (head == null) {
            head = lookup.find(key, offset).orElse(new ChainHead(0, -1, ChainHashes.genesis(index, partition)));
        }
        ChainLink link = new ChainLink(partition, offset, head.sequence() + 1,
                ChainHashes.linkWithRawDigest(head.hash(), rawDigest, canonicalDocument), head.hash());
        heads.put(key, new ChainHead(link.sequence(), offset, link.hash()));
        return link;
    }

    /**
     * Records that {@code link} is final in Elasticsearch or the dead-letter topic; it becomes the candidate
     * checkpoint of its chain once its offset is committed.
     */
    public synchronized void acknowledged(String index, ChainLink link) {
        uncheckpointed.merge(new ChainKey(index, link.partition()), link,
                (old, now) -> now.sequence() > old.sequence() ? now : old);
    }

    /** Heads safe to checkpoint: acknowledged links whose offsets lie below the committed offset of their partition. */
    public synchronized List<Map.Entry<ChainKey, ChainLink>> checkpointable(Map<Integer, Long> committed) {
        List<Map.Entry<ChainKey, ChainLink>> ready = new ArrayList<>();
        uncheckpointed.forEach((key, link) -> {
            Long next = committed.get(key.partition());
            if (next != null && link.offset() < next) {
                ready.add(Map.entry(key, link));
            }
        });
        return ready;
    }

    public synchronized void checkpointed(ChainKey key, ChainLink link) {
        uncheckpointed.remove(key, link);
    }

    /** Partitions moved to another consumer: their chains continue there. */
    public synchronized void forget(Collection<Integer> partitions) {
        heads.keySet().removeIf(key -> partitions.contains(key.partition()));
        uncheckpointed.keySet().removeIf(key -> partitions.contains(key.partition()));
    }
}

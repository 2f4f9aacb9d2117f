package arr.indexer.chain;

import arr.schemas.chain.ChainHashes;
import arr.schemas.index.ChainLink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extends the chains as records are polled, in offset order per partition. A link depends only on the
 * record and the chain before it, so a record replayed after a crash gets exactly the link it got the first
 * time (and its create is a harmless 409). Heads unknown to this consumer are looked up once, where the
 * previous owner left them. Also remembers links not yet checkpointed. {@link #next} runs on the consumer thread only; acknowledgements arrive from the bulk threads.
 */
public final class ChainTracker {

    private final HeadLookup lookup;
    private final Map<ChainKey, ChainHead> heads = new HashMap<>();
    private final Map<ChainKey, TreeMap<Long, ChainLink>> uncheckpointed = new HashMap<>();

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
     * Records that {@code link} is final in Elasticsearch or the dead-letter topic; it becomes a candidate checkpoint
     * of its chain once its offset is committed. Acknowledgements arrive out of order (two bulk requests in flight,
     * retries), so every candidate above the committed offset is kept until a commit passes it ({@link #committed}).
     */
    public synchronized void acknowledged(String index, ChainLink link) {
        uncheckpointed.computeIfAbsent(new ChainKey(index, link.partition()), k -> new TreeMap<>()).put(link.offset(), link);
    }

    /**
     * After a commit: of each chain's candidates below its partition's committed offset only the highest is still
     * needed, so the rest are dropped (what stays is bounded by the records in flight, plus one per chain).
     */
    public synchronized void committed(Map<Integer, Long> committed) {
        uncheckpointed.forEach((key, links) -> {
            Long next = committed.get(key.partition());
            Map.Entry<Long, ChainLink> below = next == null ? null : links.lowerEntry(next);
            if (below != null) {
                links.headMap(below.getKey(), false).clear();
            }
        });
    }

    /**
     * Heads safe to checkpoint: for every chain, its highest acknowledged link below the committed offset of its
     * partition. Every chain with such a link is in the answer, so once a round's checkpoints are stored, every
     * document of the partition below the highest checkpointed offset is covered by its own chain's checkpoint,
     * which is what lets {@code verify} report a document added after them.
     */
    public synchronized List<Map.Entry<ChainKey, ChainLink>> checkpointable(Map<Integer, Long> committed) {
        List<Map.Entry<ChainKey, ChainLink>> ready = new ArrayList<>();
        uncheckpointed.forEach((key, links) -> {
            Long next = committed.get(key.partition());
            Map.Entry<Long, ChainLink> below = next == null ? null : links.lowerEntry(next);
            if (below != null) {
                ready.add(Map.entry(key, below.getValue()));
            }
        });
        return ready;
    }

    /** How many acknowledged links are kept, over all chains (what {@link #committed} keeps bounded). */
    synchronized int candidates() {
        return uncheckpointed.values().stream().mapToInt(Map::size).sum();
    }

    public synchronized void checkpointed(ChainKey key, ChainLink link) {
        TreeMap<Long, ChainLink> links = uncheckpointed.get(key);
        if (links != null) {
            links.headMap(link.offset(), true).clear();
            if (links.isEmpty()) {
                uncheckpointed.remove(key);
            }
        }
    }

    /** Partitions moved to another consumer: their chains continue there. */
    public synchronized void forget(Collection<Integer> partitions) {
        heads.keySet().removeIf(key -> partitions.contains(key.partition()));
        uncheckpointed.keySet().removeIf(key -> partitions.contains(key.partition()));
    }
}

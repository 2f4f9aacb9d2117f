package arr.indexer.checkpoint;

import arr.indexer.chain.ChainHead;
import arr.indexer.chain.ChainKey;
import arr.indexer.transform.IndexableRecord;
import arr.schemas.chain.ChainHashes;
import arr.schemas.envelope.EnvelopeCodec.UnsupportedEnvelopeException;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The stretch of a partition between its last recorded checkpoint round and its committed offset: what an indexer
 * killed between a commit and its next round leaves indexed and committed but unsigned, in every chain of the
 * partition (months with late events included). The partition's next owner recomputes the heads of that stretch
 * from the records in Kafka, exactly as the indexer links them, and signs those: never what Elasticsearch holds,
 * where a forger could have extended a chain in the meantime.
 */
public final class UnsignedStretch {

    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private final CheckpointStore store;
    private final PublicKey key;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final String topic;

    public UnsignedStretch(CheckpointStore store, PublicKey key, Supplier<Consumer<String, byte[]>> consumers, String topic) {
        this.store = store;
        this.key = key;
        this.consumers = consumers;
        this.topic = topic;
    }

    /**
     * The heads of a stretch, and where the partition's rounds vouch from once they are signed: the stretch joins
     * the vouching of the round before it.
     *
     * @param heads       the head of every chain with links in the stretch, by chain
     * @param coveredFrom the start of the newest round before the stretch (null: the partition's beginning)
     */
    public record Recomputed(Map<ChainKey, ChainHead> heads, Long coveredFrom) {
    }

    /**
     * @param committed the partition's committed offset
     * @throws CannotRecompute when the stretch can no longer be recomputed (its records are gone from Kafka, the
     *                         committed offset lies past the partition's end, or a checkpoint or round it would start
     *                         from is not signed by our key)
     */
    public Recomputed heads(int partition, long committed) throws IOException {
        Optional<Checkpoint> round = store.newestRound(partition);
        if (round.isPresent() && !signedByUs(round.get())) {
            throw new CannotRecompute("the newest checkpoint round of partition " + partition + " (" + round.get().id()
                    + ") is not signed by our key: nothing is signed on top of it");
        }
        Long coveredFrom = round.map(Checkpoint::from).orElse(null);
        long from = round.isPresent() ? round.get().offset() : store.signedUpTo(partition).orElse(0L);
        if (from >= committed) {
            return new Recomputed(Map.of(), coveredFrom);
        }
        TopicPartition source = new TopicPartition(topic, partition);
        Map<ChainKey, ChainHead> heads = new LinkedHashMap<>();
        Map<ChainKey, ChainHead> starts = new HashMap<>();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            consumer.assign(List.of(source));
            requireRecords(consumer, source, from, committed);
            consumer.seek(source, from);
            Instant stalledSince = Instant.now();
            long position = from;
            while (position < committed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < committed) {
                        link(record, partition, coveredFrom, heads, starts);
                    }
                }
                long now = consumer.position(source, Duration.ofSeconds(30));
                if (now > position) {
                    position = now;
                    stalledSince = Instant.now();
                } else if (Duration.between(stalledSince, Instant.now()).compareTo(STALL_LIMIT) > 0) {
                    throw new IOException("reading " + source + " from offset " + from + " stalled at " + position + " below "
                            + committed);
                }
            }
            // Records deleted by Kafka's retention while they were read would have been skipped silently.
            requireRecords(consumer, source, from, committed);
        }
        return new Recomputed(heads, coveredFrom);
    }

    private boolean signedByUs(Checkpoint checkpoint) {
        return checkpoint.signature() != null && CheckpointKeys.verify(key, checkpoint.signedText(), checkpoint.signature());
    }

    /** @param coveredFrom the start of the newest round's vouching (null: the partition's beginning) */
    private void link(ConsumerRecord<String, byte[]> record, int partition, Long coveredFrom, Map<ChainKey, ChainHead> heads,
                      Map<ChainKey, ChainHead> starts) {
        IndexableRecord indexable;
        try {
            indexable = IndexableRecord.of(record);
        } catch (UnsupportedEnvelopeException notInAChain) {
            return;
        }
        ChainKey chain = new ChainKey(indexable.index(), partition);
        ChainHead start = starts.computeIfAbsent(chain, this::lastSigned);
        if (coveredFrom != null && start.offset() < coveredFrom - 1) {
            // Rounds from a later start vouch only for chains checkpointed since: this chain's links between its last
            // checkpoint and that start lie in a stretch an earlier owner gave up, so its head here is unknown.
            throw new CannotRecompute("the last checkpoint of " + chain + " (offset " + start.offset() + ") lies before offset "
                    + coveredFrom + ", from which the partition's rounds vouch: its links in between were never signed");
        }
        if (record.offset() <= start.offset()) {
            return;
        }
        ChainHead head = heads.getOrDefault(chain, start);
        heads.put(chain, new ChainHead(head.sequence() + 1, record.offset(),
                ChainHashes.linkWithRawDigest(head.hash(), indexable.rawDigest(), indexable.document())));
    }

    private static void requireRecords(Consumer<String, byte[]> consumer, TopicPartition source, long from, long committed) {
        long beginning = consumer.beginningOffsets(List.of(source), Duration.ofSeconds(30)).get(source);
        long end = consumer.endOffsets(List.of(source), Duration.ofSeconds(30)).get(source);
        if (beginning > from) {
            throw new CannotRecompute("records " + from + " to " + (beginning - 1) + " of " + source + " are gone from Kafka");
        }
        if (end < committed) {
            throw new CannotRecompute("the committed offset " + committed + " of " + source + " lies past its end (" + end + ")");
        }
    }

    /** Where a chain stood at its last checkpoint, or its genesis. */
    private ChainHead lastSigned(ChainKey chain) {
        try {
            Optional<Checkpoint> last = store.lastOf(chain.index(), chain.partition());
            if (last.isEmpty()) {
                return new ChainHead(0, -1, ChainHashes.genesis(chain.index(), chain.partition()));
            }
            Checkpoint checkpoint = last.get();
            if (!signedByUs(checkpoint)) {
                throw new CannotRecompute("the last checkpoint of " + chain + " (" + checkpoint.id()
                        + ") is not signed by our key: nothing is signed on top of it");
            }
            return new ChainHead(checkpoint.sequence(), checkpoint.offset(), checkpoint.hash());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The stretch cannot be recomputed: trying again will not help. */
    public static final class CannotRecompute extends RuntimeException {
        CannotRecompute(String message) {
            super(message);
        }
    }
}

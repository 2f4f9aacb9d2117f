package arr.indexer.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A signed statement in {@code audit-checkpoints}: the head of one chain at a moment ({@code checkpoint}); the end
 * of a complete checkpoint round on one partition ({@code round}: every chain of the partition is checkpointed at
 * its last link below {@code offset}, so any document of the partition in [{@code from}, {@code offset}) that lies
 * after its chain's last checkpoint was added later); or the deletion of a whole monthly index by the retention
 * policy ({@code purge}, with the number of documents and the reason). The signature covers {@link #signedText()};
 * the key never enters Elasticsearch.
 *
 * @param from for a round, the offset from which it vouches: null (from the partition's beginning) unless an owner
 *             could not sign what a killed predecessor left unsigned, in which case its rounds vouch only from the
 *             offset it started at
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Checkpoint(String type, String index, Integer partition, Long sequence, Long from, Long offset, String hash,
                         Long documents, String reason, Instant createdAt, String keyId, String signature) {

    public static final String CHECKPOINT = "checkpoint";
    public static final String PURGE = "purge";
    public static final String ROUND = "round";

    public static Checkpoint head(String index, int partition, long sequence, long offset, String hash, Instant at) {
        return new Checkpoint(CHECKPOINT, index, partition, sequence, null, offset, hash, null, null, at, null, null);
    }

    /** @param committed the partition's committed offset: every chain is checkpointed at its last link below it */
    public static Checkpoint round(int partition, long committed, Instant at) {
        return round(partition, null, committed, at);
    }

    /** @param from where the round's vouching starts, or null for the partition's beginning */
    public static Checkpoint round(int partition, Long from, long committed, Instant at) {
        return new Checkpoint(ROUND, null, partition, null, from, committed, null, null, null, at, null, null);
    }

    public static Checkpoint purge(String index, long documents, String reason, Instant at) {
        return new Checkpoint(PURGE, index, null, null, null, null, null, documents, reason, at, null, null);
    }

    /** Where a round's vouching starts (0 for one that vouches from the partition's beginning). */
    public long coveredFrom() {
        return from == null ? 0 : from;
    }

    /**
     * The document ID: one checkpoint per chain position, one round per partition, start and offset, one purge per
     * index (so a rewrite is a 409, never an overwrite).
     */
    public String id() {
        // A document planted in the index may have no type: it must still be reportable.
        return switch (String.valueOf(type)) {
            case PURGE -> "purge:" + index;
            case ROUND -> "round:" + partition + ":" + (from == null ? "" : from + ":") + offset;
            default -> index + ":" + partition + ":" + sequence;
        };
    }

    public String signedText() {
        String text = String.join("|", "arr-checkpoint-v1", type, index, String.valueOf(partition), String.valueOf(sequence),
                String.valueOf(offset), String.valueOf(hash), String.valueOf(documents), String.valueOf(reason),
                String.valueOf(createdAt));
        // Appended only when present, so that every statement signed before rounds had a start still verifies.
        return from == null ? text : text + "|from=" + from;
    }

    public Checkpoint signed(String keyId, String signature) {
        return new Checkpoint(type, index, partition, sequence, from, offset, hash, documents, reason, createdAt, keyId, signature);
    }
}

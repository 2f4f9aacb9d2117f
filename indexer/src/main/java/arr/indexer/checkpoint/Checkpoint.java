package arr.indexer.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A signed statement in {@code audit-checkpoints}: the head of one chain at a moment ({@code checkpoint}); the end
 * of a complete checkpoint round on one partition ({@code round}: every chain of the partition is checkpointed at
 * its last link below {@code offset}, so any document of the partition below it that lies after its chain's last
 * checkpoint was added later); or the deletion of a whole monthly index by the retention policy ({@code purge},
 * with the number of documents and the reason). The signature covers {@link #signedText()}; the key never enters
 * Elasticsearch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Checkpoint(String type, String index, Integer partition, Long sequence, Long offset, String hash,
                         Long documents, String reason, Instant createdAt, String keyId, String signature) {

    public static final String CHECKPOINT = "checkpoint";
    public static final String PURGE = "purge";
    public static final String ROUND = "round";

    public static Checkpoint head(String index, int partition, long sequence, long offset, String hash, Instant at) {
        return new Checkpoint(CHECKPOINT, index, partition, sequence, offset, hash, null, null, at, null, null);
    }

    /** @param committed the partition's committed offset: every chain is checkpointed at its last link below it */
    public static Checkpoint round(int partition, long committed, Instant at) {
        return new Checkpoint(ROUND, null, partition, null, committed, null, null, null, at, null, null);
    }

    public static Checkpoint purge(String index, long documents, String reason, Instant at) {
        return new Checkpoint(PURGE, index, null, null, null, null, documents, reason, at, null, null);
    }

    /**
     * The document ID: one checkpoint per chain position, one round per partition and offset, one purge per index
     * (so a rewrite is a 409, never an overwrite).
     */
    public String id() {
        // A document planted in the index may have no type: it must still be reportable.
        return switch (String.valueOf(type)) {
            case PURGE -> "purge:" + index;
            case ROUND -> "round:" + partition + ":" + offset;
            default -> index + ":" + partition + ":" + sequence;
        };
    }

    public String signedText() {
        return String.join("|", "arr-checkpoint-v1", type, index, String.valueOf(partition), String.valueOf(sequence),
                String.valueOf(offset), String.valueOf(hash), String.valueOf(documents), String.valueOf(reason),
                String.valueOf(createdAt));
    }

    public Checkpoint signed(String keyId, String signature) {
        return new Checkpoint(type, index, partition, sequence, offset, hash, documents, reason, createdAt, keyId, signature);
    }
}

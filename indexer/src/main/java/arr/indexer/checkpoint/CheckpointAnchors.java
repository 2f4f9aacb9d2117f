package arr.indexer.checkpoint;

import java.util.List;

/**
 * Where signed checkpoints are copied once Elasticsearch stored them, outside Elasticsearch: someone who can write to
 * Elasticsearch can delete the newest checkpoints and rounds there together with the documents they vouch for, and
 * nothing left inside Elasticsearch would show it.
 */
public interface CheckpointAnchors {

    /** Copies nothing (the verifier's and the tests' stores). */
    CheckpointAnchors NONE = stored -> { };

    /** Called with the checkpoints Elasticsearch just acknowledged (created, or already had); must not block for long. */
    void anchor(List<Checkpoint> stored);
}

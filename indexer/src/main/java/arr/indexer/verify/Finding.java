package arr.indexer.verify;

/**
 * One thing the verifier found.
 *
 * @param kind      what it means
 * @param index     the monthly index
 * @param partition the chain's partition, or -1 when unknown (a document without a link)
 * @param sequence  the chain position (first of a range), or -1
 * @param detail    what exactly, with document IDs
 */
public record Finding(Kind kind, String index, int partition, long sequence, String detail) {

    public enum Kind {
        /** A document's content (a field or its raw message) no longer matches its hash, or its link to the previous one is broken. */
        MODIFIED(true),
        /** Chain positions without a document, not explained by a dead letter. */
        DELETED(true),
        /**
         * Chain positions without a document that the indexer may still be writing: documents after them are past its
         * committed offset (Elasticsearch acknowledges bulk requests out of order, and retries them while it answers 429
         * or 503), and it did not commit past them while verify waited. Not intact, and not yet proven deleted.
         */
        UNSETTLED(true),
        /** A document that is not part of the chain (no link, or a second document at a taken position). */
        INSERTED(true),
        /**
         * Documents after their chain's last signed checkpoint although their partition is checkpointed past their
         * offset: added after the indexer signed, so no checkpoint vouches for them (a forgery can extend a chain
         * with correct hashes; only the signatures tell).
         */
        UNANCHORED(true),
        /**
         * A read alias that the API searches differs from the chained months: a month missing from it, a filter or a
         * routing on it, or another index in it.
         */
        ALIAS_CHANGED(true),
        /** A whole index is gone with no signed purge record. */
        INDEX_DELETED(true),
        /** A checkpoint whose signature does not verify with the given key, or a stored head that differs from its checkpoint. */
        CHECKPOINT_MISMATCH(true),
        /**
         * A signed checkpoint, round or purge record that the anchor topic in Kafka holds and {@code audit-checkpoints}
         * no longer does: deleted in Elasticsearch, typically with the documents it vouched for.
         */
        CHECKPOINT_DELETED(true),
        /** A gap that a dead letter explains (Elasticsearch refused that record; it is kept in audit.deadletter). */
        DEAD_LETTERED(false),
        /** An index deleted by the retention policy, as its signed purge record says. */
        PURGED(false);

        private final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }

        public boolean failure() {
            return failure;
        }
    }

    @Override
    public String toString() {
        return String.format("%-19s %s%s%s  %s", kind, index, partition < 0 ? "" : " partition " + partition,
                sequence < 0 ? "" : " sequence " + sequence, detail);
    }
}

package arr.indexer.reconcile;

/**
 * The books of one audit source over one receipt-time range: every envelope published to {@code audit.events}
 * must be an event document, a quarantined document or a dead letter.
 *
 * @param published    distinct envelopes in {@code audit.events} received in the range
 * @param indexed      documents in {@code audit-events-*} received in the range
 * @param quarantined  documents in {@code audit-quarantine-*} received in the range
 * @param deadLettered records in {@code audit.deadletter} received in the range
 * @param pending      published records the indexer has not committed yet (a mismatch they explain is not an error)
 */
public record Reconciliation(long published, long indexed, long quarantined, long deadLettered, long pending) {

    public static final Reconciliation NONE = new Reconciliation(0, 0, 0, 0, 0);

    /** Published minus everything accounted for: 0 when the books balance. */
    public long unaccounted() {
        return published - indexed - quarantined - deadLettered;
    }

    public boolean balanced() {
        return unaccounted() == 0;
    }

    Reconciliation plus(Reconciliation other) {
        return new Reconciliation(published + other.published, indexed + other.indexed, quarantined + other.quarantined,
                deadLettered + other.deadLettered, pending + other.pending);
    }
}

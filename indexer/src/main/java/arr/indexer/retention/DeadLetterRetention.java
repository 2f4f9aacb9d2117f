package arr.indexer.retention;

import arr.indexer.deadletter.DeadLetterIdentifiers;
import arr.indexer.deadletter.DeadLetterPublisher;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Which dead letters retention deletes, as of one run: those whose month is gone and that no legal hold concerns.
 *
 * @param purged   indices with a genuine signed purge record
 * @param existing indices that exist now
 * @param now      the run's time
 * @param max      the maximum age
 * @param min      the minimum age
 * @param holds    the legal holds
 */
public record DeadLetterRetention(Set<String> purged, Set<String> existing, Instant now, Period max, Period min, LegalHolds holds) {

    /** Whether the dead letter goes; one that cannot be read ({@code null}) stays. */
    public boolean gone(DeadLetterPublisher.FailureRecord failure) {
        return failure != null && monthGone(failure) && !held(failure);
    }

    /**
     * Its index was purged and does not exist; for a record that was no envelope (no index), its receipt month is
     * past both ages and no index of that month is kept.
     */
    private boolean monthGone(DeadLetterPublisher.FailureRecord failure) {
        if (failure.index() != null) {
            return purged.contains(failure.index()) && !existing.contains(failure.index());
        }
        Instant received = failure.receivedAt() != null ? failure.receivedAt() : failure.at();
        if (received == null) {
            return false;
        }
        String month = RetentionJob.MONTH.format(received.atZone(ZoneOffset.UTC));
        Instant end = RetentionJob.monthEnd("audit-events-" + month).orElseThrow();
        return RetentionJob.due(end, now, max, min) && !existing.contains("audit-events-" + month)
                && !existing.contains("audit-quarantine-" + month);
    }

    /** A dead letter about a held patient or source stays, whatever its month: it is the repository's only copy. */
    private boolean held(DeadLetterPublisher.FailureRecord failure) {
        if (holds.isEmpty()) {
            return false;
        }
        DeadLetterIdentifiers about = DeadLetterIdentifiers.of(failure);
        return holds.holdsAny(about.patientIds(), about.patientCx(), about.sources());
    }
}

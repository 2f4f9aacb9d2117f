package arr.query.investigation;

import java.time.Instant;
import java.util.List;

/**
 * What one user did (CONTRACT.md §4 user-activity): events, the patients touched, event types, and failures.
 *
 * @param failures  events with an outcome other than 0 (success)
 * @param truncated the lists that hold only their most frequent values (10,000 patients, 100 of the others): an
 *                  insider who touched more patients than that must not look as if they had touched only those
 */
public record UserActivity(String user, Instant from, Instant to, long events, Instant first, Instant last,
                           List<Count> patients, List<Count> eventIds, List<Count> eventTypes, List<Count> actions,
                           List<Count> outcomes, Failures failures, List<Count> sources, List<Count> addresses,
                           List<String> truncated) {

    /** The user's failed events: how many, and of which EventIDs. */
    public record Failures(long events, List<Count> eventIds) {
    }
}

package arr.query.investigation;

import java.time.Instant;
import java.util.List;

/**
 * Who accessed a set of patients (CONTRACT.md §4 patient-accesses): per patient, every user who took part in one of
 * its events, with counts, first and last time, event types, outcomes and sources.
 */
public record PatientAccesses(Instant from, Instant to, long events, List<PatientReport> patients) {

    /** One requested patient, as given, and who accessed it. */
    public record PatientReport(String patient, long events, List<UserAccess> users) {
    }

    /**
     * One user's part in a patient's events.
     *
     * @param requestor whether the user was flagged as the requestor in at least one of them
     * @param eventIds  EventID codes with counts
     */
    public record UserAccess(String user, List<String> userNames, boolean requestor, long events, Instant first,
                             Instant last, List<Count> eventIds, List<Count> eventTypes, List<Count> actions,
                             List<Count> outcomes, List<Count> sources, List<String> addresses) {
    }
}

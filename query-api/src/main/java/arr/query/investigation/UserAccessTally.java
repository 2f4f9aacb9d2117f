package arr.query.investigation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Adds up one user's part in one patient's events, event by event. */
final class UserAccessTally {

    private final String user;
    private final Set<String> userNames = new LinkedHashSet<>();
    private final Set<String> addresses = new LinkedHashSet<>();
    private final Map<String, Long> eventIds = new LinkedHashMap<>();
    private final Map<String, Long> eventTypes = new LinkedHashMap<>();
    private final Map<String, Long> actions = new LinkedHashMap<>();
    private final Map<String, Long> outcomes = new LinkedHashMap<>();
    private final Map<String, Long> sources = new LinkedHashMap<>();
    private boolean requestor;
    private long events;
    private Instant first;
    private Instant last;

    UserAccessTally(String user) {
        this.user = user;
    }

    /** Counts {@code event} once, with what every participation of this user in it says. */
    void add(AccessEvent event, List<AccessEvent.Participant> participations) {
        events++;
        for (AccessEvent.Participant p : participations) {
            requestor |= Boolean.TRUE.equals(p.requestor());
            addIfPresent(userNames, p.userName());
            addIfPresent(addresses, p.networkAccessPointId());
        }
        if (event.eventTime() != null && event.eventTime().value() != null) {
            Instant time = event.eventTime().value().toInstant();
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
        }
        count(eventIds, event.eventId() == null ? null : event.eventId().code());
        for (AccessEvent.Code type : orEmpty(event.eventTypes())) {
            count(eventTypes, type.code());
        }
        count(actions, event.action());
        count(outcomes, event.outcome() == null ? null : event.outcome().toString());
        orEmpty(event.sources()).stream().map(AccessEvent.Source::id).distinct().forEach(id -> count(sources, id));
    }

    long events() {
        return events;
    }

    PatientAccesses.UserAccess result() {
        return new PatientAccesses.UserAccess(user, List.copyOf(userNames), requestor, events, first, last, counts(eventIds),
                counts(eventTypes), counts(actions), counts(outcomes), counts(sources), List.copyOf(addresses));
    }

    private static void count(Map<String, Long> counts, String value) {
        if (value != null) {
            counts.merge(value, 1L, Long::sum);
        }
    }

    private static void addIfPresent(Set<String> values, String value) {
        if (value != null) {
            values.add(value);
        }
    }

    /** Most frequent first. */
    private static List<Count> counts(Map<String, Long> counts) {
        List<Count> out = new ArrayList<>();
        counts.forEach((value, n) -> out.add(new Count(value, n)));
        out.sort(Comparator.comparingLong(Count::events).reversed());
        return out;
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }
}

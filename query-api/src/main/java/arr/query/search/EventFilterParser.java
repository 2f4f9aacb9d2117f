package arr.query.search;

import arr.query.api.BadRequestException;
import java.time.Instant;
import java.util.Set;

/** Turns the search parameters of CONTRACT.md §4 into {@link EventFilters}, refusing anything malformed. */
public final class EventFilterParser {

    public static final Set<String> FILTER_NAMES = Set.of("from", "to", "patient", "user", "eventId", "eventType", "action",
            "outcome", "source", "object", "address", "q", "validation");
    private static final Set<String> ACTIONS = Set.of("C", "R", "U", "D", "E");
    private static final Set<String> OUTCOMES = Set.of("0", "4", "8", "12");
    private static final Set<String> STATUSES = Set.of("valid", "warning");

    private EventFilterParser() {
    }

    public static EventFilters parse(RequestParameters parameters) {
        Instant from = parameters.time("from");
        Instant to = parameters.timeUntil("to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadRequestException("'from' is after 'to'");
        }
        String outcome = parameters.oneOf("outcome", OUTCOMES);
        return new EventFilters(from, to,
                parameters.text("patient"),
                parameters.text("user"),
                parameters.text("eventId"),
                parameters.text("eventType"),
                parameters.oneOf("action", ACTIONS),
                outcome == null ? null : Integer.valueOf(outcome),
                parameters.text("source"),
                parameters.text("object"),
                parameters.text("address"),
                parameters.text("q"),
                parameters.oneOf("validation", STATUSES));
    }
}

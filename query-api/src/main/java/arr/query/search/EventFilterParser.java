package arr.query.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns the search parameters of CONTRACT.md §4 into {@link EventFilters}, refusing anything malformed. */
public final class EventFilterParser {

    public static final Set<String> FILTER_NAMES = Set.of("from", "to", "patient", "user", "eventId", "eventType", "action",
            "outcome", "source", "object", "address", "q", "validation", "objectType", "objectRole", "site");
    private static final Set<String> ACTIONS = Set.of("C", "R", "U", "D", "E");
    private static final Set<String> OUTCOMES = Set.of("0", "4", "8", "12");
    private static final Set<String> STATUSES = Set.of("valid", "warning");

    private EventFilterParser() {
    }

    public static EventFilters parse(RequestParameters parameters) {
        TimeRange range = TimeRange.of(parameters);
        String outcome = parameters.oneOf("outcome", OUTCOMES);
        return new EventFilters(range.from(), range.to(),
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
                parameters.oneOf("validation", STATUSES),
                null,
                objectConditions(parameters));
    }

    /**
     * ParticipantObjectTypeCode (1–4) and ParticipantObjectTypeCodeRole (1–24) of any object of the event, and the
     * AuditEnterpriseSiteID of its source: one exact value each, as conditions (the fields FHIR searches as
     * entity-type, entity-role and site).
     */
    private static List<Condition> objectConditions(RequestParameters parameters) {
        List<Condition> conditions = new ArrayList<>();
        Integer type = parameters.integer("objectType", 1, 4);
        if (type != null) {
            conditions.add(Condition.anyOf("objectType", List.of(type.toString())));
        }
        Integer role = parameters.integer("objectRole", 1, 24);
        if (role != null) {
            conditions.add(Condition.anyOf("objectRole", List.of(role.toString())));
        }
        String site = parameters.text("site");
        if (site != null) {
            conditions.add(Condition.anyOf("site", List.of(site)));
        }
        return conditions;
    }
}

package arr.query.search;

import java.util.List;

/**
 * A filter beyond one exact value, as FHIR search asks for them: any of several values (a comma-separated list,
 * {@code outcome=4,8,12}), or a case-insensitive prefix (a FHIR string parameter). The conditions of a search all
 * hold, so a repeated parameter ({@code agent=alice&agent=bob}) is two conditions.
 *
 * @param filter the filter it narrows: {@code user}, {@code eventId}, {@code eventType}, {@code action},
 *               {@code outcome}, {@code source}, {@code object}, {@code address}, {@code objectType} (a
 *               ParticipantObjectTypeCode), {@code objectRole} (a ParticipantObjectTypeCodeRole) or {@code site} (an
 *               AuditEnterpriseSiteID)
 * @param anyOf  the values, at least one
 * @param prefix whether each value matches as a case-insensitive prefix instead of exactly (not for {@code user}
 *               or the numbers)
 */
public record Condition(String filter, List<String> anyOf, boolean prefix) {

    static final List<String> FILTERS = List.of("user", "eventId", "eventType", "action", "outcome", "source", "object", "address",
            "objectType", "objectRole", "site");
    /** Filters on whole numbers, which match exactly. */
    private static final List<String> NUMBERS = List.of("outcome", "objectType", "objectRole");

    public Condition {
        if (!FILTERS.contains(filter)) {
            throw new IllegalArgumentException("no such filter: " + filter);
        }
        if (anyOf.isEmpty()) {
            throw new IllegalArgumentException("a condition needs a value");
        }
        if (prefix && (filter.equals("user") || NUMBERS.contains(filter))) {
            throw new IllegalArgumentException(filter + " matches exactly");
        }
        anyOf = List.copyOf(anyOf);
    }

    public static Condition anyOf(String filter, List<String> values) {
        return new Condition(filter, values, false);
    }

    public static Condition startingWith(String filter, List<String> values) {
        return new Condition(filter, values, true);
    }

    /** {@code filter=a,b} ({@code filter:prefix=...} for a prefix), a comma or backslash in a value escaped with a backslash. */
    String canonical() {
        StringBuilder out = new StringBuilder();
        for (String value : anyOf) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(value.replace("\\", "\\\\").replace(",", "\\,"));
        }
        return out.toString();
    }
}

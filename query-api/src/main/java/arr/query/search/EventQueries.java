package arr.query.search;

import arr.query.api.BadRequestException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Elasticsearch queries from validated filters with the typed DSL: user values only ever become term values
 * or the text of a {@code simple_query_string} restricted to {@link #FREE_TEXT_FIELDS}, which has no field syntax,
 * no scripts and never fails on malformed input.
 */
public final class EventQueries {

    /** The fields {@code q} searches: names and descriptions gathered at indexing time. */
    public static final List<String> FREE_TEXT_FIELDS = List.of("freeText");

    private EventQueries() {
    }

    public static Query of(EventFilters f) {
        List<Query> must = new ArrayList<>();
        if (f.from() != null || f.to() != null) {
            must.add(timeRange("eventTime.value", f.from(), f.to()));
        }
        if (f.patient() != null) {
            must.add(f.patientOid() == null ? patient(f.patient()) : patientAssignedByOrRefuse(f.patient(), f.patientOid()));
        }
        if (f.user() != null) {
            must.add(user(f.user()));
        }
        addTerm(must, "eventId.code", f.eventId());
        addTerm(must, "eventTypes.code", f.eventType());
        addTerm(must, "action", f.action());
        if (f.outcome() != null) {
            must.add(Query.of(q -> q.term(t -> t.field("outcome").value(f.outcome()))));
        }
        addTerm(must, "sources.id", f.source());
        addTerm(must, "objects.id", f.object());
        addTerm(must, "participants.networkAccessPointId", f.address());
        if (f.q() != null) {
            must.add(Query.of(q -> q.simpleQueryString(s -> s.query(f.q()).fields(FREE_TEXT_FIELDS)
                    .defaultOperator(Operator.And).lenient(true)
                    .flags(List.of(SimpleQueryStringFlag.And, SimpleQueryStringFlag.Or,
                            SimpleQueryStringFlag.Not, SimpleQueryStringFlag.Phrase, SimpleQueryStringFlag.Prefix,
                            SimpleQueryStringFlag.Precedence, SimpleQueryStringFlag.Whitespace)))));
        }
        addTerm(must, "validation.status", f.validation());
        f.conditions().forEach(c -> must.add(condition(c)));
        if (must.isEmpty()) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        return Query.of(q -> q.bool(b -> b.filter(must)));
    }

    /**
     * A patient: an ID alone matches it under any authority ({@code patients.id}); a value with CX components
     * ({@code ID^^^&OID&ISO}) matches the ParticipantObjectID exactly as sent ({@code patients.cx}).
     */
    public static Query patient(String patient) {
        return patient.indexOf('^') >= 0 ? term("patients.cx", patient) : term("patients.id", patient);
    }

    /** Elasticsearch's default {@code index.max_regex_length}: a longer pattern is refused. */
    public static final int MAX_PATTERN_LENGTH = 1000;

    /**
     * A patient ID assigned by an authority with this OID, in every CX spelling that {@code CxIdentifier} reads as that
     * ID and authority (the stored patient's {@code id} and {@code authority}): the OID as CX.4's universal ID
     * ({@code ID^^^&OID&ISO}, {@code ID^^^HOSP&OID&ISO}, {@code ID^^^&OID&ISO^PI}) or, with no universal ID, as its
     * namespace ({@code ID^^^OID}); blanks around the ID and the OID; subcomponents separated by {@code &amp;} as
     * double-escaping senders write them. A regular expression over each whole {@code patients.cx} value, so the ID and
     * the OID belong to the same patient. Every character of the ID and the OID except ASCII letters and digits is
     * escaped (Lucene reads {@code \d} or {@code \w} as classes, so those two must not be), and no optional operator is
     * enabled, so no value can be read as regular-expression syntax.
     *
     * @return null when the pattern would be longer than Elasticsearch takes ({@link #MAX_PATTERN_LENGTH})
     */
    public static Query patientAssignedBy(String id, String oid) {
        String blank = "[ \t\n\r]*"; // what CxIdentifier trims and XML can carry: space, tab, line ends
        String separator = "(\\&|\\&amp\\;)";
        String component = "[^\\^]*\\^";
        String asUniversalId = "[^\\^&]*" + separator + blank + literal(oid) + blank + "(" + separator + "[^\\^]*)?";
        String asNamespace = blank + literal(oid) + blank + "(" + separator + blank + "(" + separator + "[^\\^]*)?)?";
        String pattern = blank + literal(id) + blank + "\\^" + component + component + "(" + asUniversalId + "|" + asNamespace
                + ")(\\^.*)?";
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            return null;
        }
        return Query.of(q -> q.regexp(r -> r.field("patients.cx").value(pattern).flags("NONE")));
    }

    private static Query patientAssignedByOrRefuse(String id, String oid) {
        Query query = patientAssignedBy(id, oid);
        if (query == null) {
            throw new BadRequestException("the patient ID and OID are too long to search by authority; search the ID alone");
        }
        return query;
    }

    private static String literal(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c) || c > 127) {
                out.append('\\');
            }
            out.appendCodePoint(c);
        });
        return out.toString();
    }

    /** Any of these patients, each matched as {@link #patient} says (one terms query per kind, not one clause each). */
    public static Query anyPatient(List<String> patients) {
        List<FieldValue> cx = patients.stream().filter(p -> p.indexOf('^') >= 0).map(FieldValue::of).toList();
        List<FieldValue> ids = patients.stream().filter(p -> p.indexOf('^') < 0).map(FieldValue::of).toList();
        List<Query> either = new ArrayList<>();
        if (!cx.isEmpty()) {
            either.add(Query.of(q -> q.terms(t -> t.field("patients.cx").terms(v -> v.value(cx)))));
        }
        if (!ids.isEmpty()) {
            either.add(Query.of(q -> q.terms(t -> t.field("patients.id").terms(v -> v.value(ids)))));
        }
        return Query.of(q -> q.bool(b -> b.should(either).minimumShouldMatch("1")));
    }

    public static Query timeRange(String field, Instant from, Instant to) {
        return Query.of(q -> q.range(r -> r.date(d -> {
            d.field(field);
            if (from != null) {
                d.gte(from.toString());
            }
            if (to != null) {
                d.lte(to.toString());
            }
            return d.format("strict_date_optional_time");
        })));
    }

    /**
     * Events in which this user took part, by UserID or AlternativeUserID. Participants are not nested: each filter on
     * them (user, address) matches any participant, as it did when they were ({@code AuditDocument}).
     */
    public static Query user(String user) {
        return Query.of(q -> q.bool(b -> b
                .should(term("participants.userId", user))
                .should(term("participants.alternativeUserId", user))
                .minimumShouldMatch("1")));
    }

    /** Any of the condition's values, each matched as its filter matches one value (or as a case-insensitive prefix). */
    static Query condition(Condition condition) {
        List<Query> either = new ArrayList<>();
        for (String value : condition.anyOf()) {
            either.add(switch (condition.filter()) {
                case "user" -> user(value);
                case "outcome", "objectType", "objectRole" -> Query.of(q -> q.term(t -> t.field(fieldOf(condition.filter()))
                        .value(FieldValue.of(Long.parseLong(value)))));
                default -> condition.prefix()
                        ? Query.of(q -> q.prefix(p -> p.field(FIELDS.get(condition.filter())).value(value).caseInsensitive(true)))
                        : term(FIELDS.get(condition.filter()), value);
            });
        }
        return either.size() == 1 ? either.get(0) : Query.of(q -> q.bool(b -> b.should(either).minimumShouldMatch("1")));
    }

    /** The keyword field of each single-field filter. */
    private static final java.util.Map<String, String> FIELDS = java.util.Map.ofEntries(java.util.Map.entry("eventId", "eventId.code"),
            java.util.Map.entry("eventType", "eventTypes.code"), java.util.Map.entry("action", "action"),
            java.util.Map.entry("outcome", "outcome"), java.util.Map.entry("source", "sources.id"),
            java.util.Map.entry("object", "objects.id"), java.util.Map.entry("address", "participants.networkAccessPointId"),
            java.util.Map.entry("objectType", "objects.type"), java.util.Map.entry("objectRole", "objects.role"),
            java.util.Map.entry("site", "sources.site"));

    /** The document field a single-field condition's filter matches ({@code user} matches two, and has none here). */
    public static String fieldOf(String filter) {
        return FIELDS.get(filter);
    }

    public static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    private static void addTerm(List<Query> must, String field, String value) {
        if (value != null) {
            must.add(term(field, value));
        }
    }
}

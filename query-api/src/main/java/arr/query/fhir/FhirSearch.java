package arr.query.fhir;

import arr.query.api.BadRequestException;
import arr.query.search.Condition;
import arr.query.search.EventFilters;
import arr.query.search.RequestParameters;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An ITI-81 search ({@code GET /fhir/AuditEvent}) turned into the validated {@link EventFilters} of the event search,
 * so that FHIR clients and the JSON API find exactly the same events. Only parameters whose meaning the indexed
 * document can answer exactly are taken; any other is refused with 400 rather than ignored, since a filter silently
 * dropped would answer a privacy officer's question with too many events.
 *
 * @param filters   what to search
 * @param count     the page size ({@code _count}, at most the server's largest page)
 * @param cursor    the opaque position of a next page ({@code _cursor}), or null for the first page
 * @param canonical the search parameters as applied, {@code name=value&...} in a fixed order, URL-encoded: the
 *                  Bundle's self and next links and the Audit Log Used event carry it
 */
public record FhirSearch(EventFilters filters, int count, String cursor, String canonical) {

    /** Every parameter taken (besides {@code _format}, the answer's format). */
    public static final Set<String> PARAMETERS = Set.of("date", "patient.identifier", "agent", "agent.identifier", "altid",
            "address", "entity", "entity.identifier", "entity-type", "entity-role", "source", "source.identifier", "site", "type",
            "subtype", "action",
            "outcome", "_count", "_cursor", "_format", "_sort");
    private static final Set<String> ALL_NAMES = java.util.stream.Stream.concat(PARAMETERS.stream(), Set.of("address:exact").stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String IHE_EVENT_TYPES = "urn:ihe:event-type-code";
    private static final String AUDIT_EVENT_ACTION = "http://hl7.org/fhir/audit-event-action";
    private static final String AUDIT_EVENT_OUTCOME = "http://hl7.org/fhir/audit-event-outcome";
    private static final Set<String> ACTIONS = Set.of("C", "R", "U", "D", "E");
    private static final Set<String> OUTCOMES = Set.of("0", "4", "8", "12");
    private static final Set<String> ENTITY_TYPES = Set.of("1", "2", "3", "4");
    /** ParticipantObjectTypeCodeRole: FHIR's object-role, as RFC 3881 and DICOM define it, 1-24. */
    private static final Set<String> ROLES = java.util.stream.IntStream.rangeClosed(1, 24).mapToObj(Integer::toString)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final int DEFAULT_COUNT = 50;
    /** At most this many occurrences of one parameter, and values in one list: enough for any real question, and a bound on the query. */
    static final int MAX_OCCURRENCES = 20;
    /** Modified names taken besides {@link #PARAMETERS}. */
    private static final Set<String> MODIFIED = Set.of("address:exact");

    /**
     * @param values   the query parameters as received
     * @param maxCount the largest page served; a larger {@code _count} is served that many (FHIR lets a server cap it)
     */
    public static FhirSearch parse(Map<String, List<String>> values, int maxCount) {
        for (String name : values.keySet()) {
            if (!PARAMETERS.contains(name) && !MODIFIED.contains(name)) {
                throw new FhirBadRequestException("not-supported", "the search parameter '" + shorten(name) + "' is not supported "
                        + "(the repository refuses a filter it cannot apply exactly, rather than ignoring it); supported: "
                        + String.join(", ", PARAMETERS.stream().filter(p -> !p.equals("_format")).sorted().toList()));
            }
        }
        RequestParameters parameters;
        try {
            parameters = new RequestParameters(values, ALL_NAMES);
        } catch (BadRequestException e) {
            throw new FhirBadRequestException("invalid", e.getMessage());
        }
        TreeMap<String, List<String>> applied = new TreeMap<>();
        List<String> dates = parameters.all("date");
        if (dates.isEmpty()) {
            throw new FhirBadRequestException("required", "ITI-81 requires the 'date' parameter, such as "
                    + "date=ge2026-01-01&date=le2026-01-31");
        }
        applied.put("date", dates);
        DateParameter range = DateParameter.of(dates);
        String sort = one(parameters, "_sort", applied);
        if (sort != null && !sort.equals("-date")) {
            throw new FhirBadRequestException("not-supported", "results come newest first; _sort may only be -date");
        }
        PatientIdentifier patient = patient(one(parameters, "patient.identifier", applied));
        List<Condition> conditions = new ArrayList<>();
        String user = identifier(parameters, applied, conditions, "user", "agent", "agent.identifier", "altid");
        String object = identifier(parameters, applied, conditions, "object", "entity", "entity.identifier");
        String source = identifier(parameters, applied, conditions, "source", "source", "source.identifier");
        address(parameters, applied, conditions);
        String type = code(parameters, applied, conditions, "type", "eventId", Set.of(DICOM), null);
        String subtype = code(parameters, applied, conditions, "subtype", "eventType", Set.of(DICOM, IHE_EVENT_TYPES), null);
        String action = code(parameters, applied, conditions, "action", "action", Set.of(AUDIT_EVENT_ACTION), ACTIONS);
        String outcome = code(parameters, applied, conditions, "outcome", "outcome", Set.of(AUDIT_EVENT_OUTCOME), OUTCOMES);
        // Always conditions: the JSON API has no such filter.
        String entityType = code(parameters, applied, conditions, "entity-type", "objectType", Set.of(CodeSystems.AUDIT_ENTITY_TYPE),
                ENTITY_TYPES);
        if (entityType != null) {
            conditions.add(Condition.anyOf("objectType", List.of(entityType)));
        }
        String entityRole = code(parameters, applied, conditions, "entity-role", "objectRole", Set.of(CodeSystems.OBJECT_ROLE), ROLES);
        if (entityRole != null) {
            conditions.add(Condition.anyOf("objectRole", List.of(entityRole)));
        }
        String site = code(parameters, applied, conditions, "site", "site", Set.of(), null);
        if (site != null) {
            conditions.add(Condition.anyOf("site", List.of(site)));
        }
        int count;
        try {
            String given = one(parameters, "_count", null);
            long asked = given == null ? DEFAULT_COUNT : Long.parseLong(given);
            if (asked < 0) {
                throw new NumberFormatException();
            }
            count = (int) Math.min(maxCount, asked);
        } catch (NumberFormatException e) {
            throw new FhirBadRequestException("invalid", "_count must be a whole number from 0 (the total alone) up; at "
                    + "most " + maxCount + " are served per page");
        }
        applied.put("_count", List.of(Integer.toString(count)));
        one(parameters, "_format", applied);
        EventFilters filters = new EventFilters(range.from(), range.to(), patient == null ? null : patient.id(), user, type,
                subtype, action, outcome == null ? null : Integer.valueOf(outcome), source, object, null, null, null,
                patient == null ? null : patient.oid(), conditions);
        String cursor;
        try {
            cursor = parameters.text("_cursor");
        } catch (BadRequestException e) {
            throw new FhirBadRequestException("invalid", e.getMessage());
        }
        if (count == 0 && cursor != null) {
            throw new FhirBadRequestException("invalid", "_count=0 asks for the total alone, which has no pages: drop _cursor");
        }
        return new FhirSearch(filters, count, cursor, canonical(applied));
    }

    private record PatientIdentifier(String id, String oid) {
    }

    /**
     * A patient identifier: a value alone matches that patient ID under any assigning authority; {@code urn:oid:OID|ID}
     * that ID assigned by that OID (CX.4's universal ID), however else the CX value is written.
     */
    private static PatientIdentifier patient(String value) {
        if (value == null) {
            return null;
        }
        SearchToken token = SearchToken.parse("patient.identifier", value);
        if (token.code().indexOf('^') >= 0) {
            throw new FhirBadRequestException("invalid", "patient.identifier takes a patient ID, not an HL7 CX value: "
                    + "write urn:oid:<assigning authority>|<ID>");
        }
        if (token.system() == null) {
            return new PatientIdentifier(token.code(), null);
        }
        String oid = token.system().startsWith("urn:oid:") ? token.system().substring(8) : null;
        if (oid == null || !OID.matcher(oid).matches()) {
            throw new FhirBadRequestException("not-supported", "a patient identifier's system must be urn:oid:<assigning "
                    + "authority OID>, or left out to match the ID under any authority");
        }
        return new PatientIdentifier(token.code(), oid);
    }

    /**
     * An identifier without a system, from {@code names} (synonyms). One value is returned as the filter's; a list
     * ({@code a,b}: any of them) or several occurrences (all of them) become conditions, and null is returned.
     */
    private static String identifier(RequestParameters parameters, Map<String, List<String>> applied,
                                     List<Condition> conditions, String filter, String... names) {
        List<List<String>> occurrences = new ArrayList<>();
        for (String name : names) {
            for (String value : every(parameters, name, applied)) {
                List<String> codes = new ArrayList<>();
                for (SearchToken token : SearchToken.parseList(name, value)) {
                    if (token.system() != null) {
                        throw new FhirBadRequestException("not-supported", "parameter '" + name + "' matches the identifier "
                                + "value as sent in the audit message; an identifier system is not supported");
                    }
                    codes.add(token.code());
                }
                occurrences.add(codes);
            }
        }
        return single(occurrences, conditions, filter);
    }

    /**
     * {@code address}, a FHIR string parameter: a case-insensitive prefix of a participant's NetworkAccessPointID, or
     * with {@code :exact} the whole value as sent; a list matches any of its values, repeated parameters all.
     */
    private static void address(RequestParameters parameters, Map<String, List<String>> applied, List<Condition> conditions) {
        for (String name : List.of("address", "address:exact")) {
            for (String value : every(parameters, name, applied)) {
                List<String> values = SearchToken.splitList(value).stream()
                        .map(v -> SearchToken.unescape(v).strip()).filter(v -> !v.isEmpty()).toList();
                if (values.isEmpty()) {
                    throw new FhirBadRequestException("invalid", "parameter '" + name + "' names no address");
                }
                conditions.add(name.equals("address") ? Condition.startingWith("address", values) : Condition.anyOf("address", values));
            }
        }
    }

    /**
     * A code, with no system or one of {@code systems}; one of {@code codes} when that is not null. One value is
     * returned as the filter's; lists and repeated parameters become conditions, and null is returned.
     */
    private static String code(RequestParameters parameters, Map<String, List<String>> applied, List<Condition> conditions,
                               String name, String filter, Set<String> systems, Set<String> codes) {
        List<List<String>> occurrences = new ArrayList<>();
        for (String value : every(parameters, name, applied)) {
            List<String> found = new ArrayList<>();
            for (SearchToken token : SearchToken.parseList(name, value)) {
                if (token.system() != null && !systems.contains(token.system())) {
                    throw new FhirBadRequestException("not-supported", systems.isEmpty()
                            ? "parameter '" + name + "' matches the value as sent in the audit message; a system is not supported"
                            : "parameter '" + name + "' takes codes of " + String.join(" or ", systems.stream().sorted().toList())
                            + ", or a code without a system");
                }
                if (codes != null && !codes.contains(token.code())) {
                    throw new FhirBadRequestException("invalid", "parameter '" + name + "' must be one of "
                            + codes.stream().sorted(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
                            .toList());
                }
                found.add(token.code());
            }
            occurrences.add(found);
        }
        return single(occurrences, conditions, filter);
    }

    /** The one value when exactly one was given; else every occurrence becomes a condition (any of its values) and null is returned. */
    private static String single(List<List<String>> occurrences, List<Condition> conditions, String filter) {
        if (occurrences.size() == 1 && occurrences.get(0).size() == 1) {
            return occurrences.get(0).get(0);
        }
        occurrences.forEach(values -> conditions.add(Condition.anyOf(filter, values)));
        return null;
    }

    /** Every occurrence of a repeatable parameter, recorded as applied. */
    private static List<String> every(RequestParameters parameters, String name, Map<String, List<String>> applied) {
        List<String> values = parameters.all(name);
        if (values.size() > MAX_OCCURRENCES) {
            throw new FhirBadRequestException("invalid", "parameter '" + name + "' is given more than " + MAX_OCCURRENCES + " times");
        }
        if (!values.isEmpty()) {
            applied.put(name, values);
        }
        return values;
    }

    private static String one(RequestParameters parameters, String name, Map<String, List<String>> applied) {
        String value;
        try {
            value = parameters.text(name);
        } catch (BadRequestException e) {
            throw new FhirBadRequestException("invalid", e.getMessage());
        }
        if (value != null && applied != null) {
            applied.put(name, List.of(value));
        }
        return value;
    }

    private static String canonical(TreeMap<String, List<String>> applied) {
        List<String> parts = new ArrayList<>();
        applied.forEach((name, values) -> values.forEach(v -> parts.add(name + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return String.join("&", parts);
    }

    /** At most 64 characters of a name the client sent, with anything unprintable replaced, for an error text. */
    private static String shorten(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shown.codePoints().map(c -> Character.isISOControl(c) || !Character.isDefined(c) || Character.getType(c)
                == Character.SURROGATE ? '?' : c).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
    }
}

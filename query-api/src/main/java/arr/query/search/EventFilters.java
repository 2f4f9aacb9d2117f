package arr.query.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated filters of an event search (CONTRACT.md §4); every field is optional. Only these values, never a
 * raw request string, reach the query builder.
 *
 * @param from       earliest event time, inclusive
 * @param to         latest event time, inclusive
 * @param patient    a patient ID alone (any authority) or an HL7 CX value (matched exactly)
 * @param user       a participant's UserID or AlternativeUserID
 * @param eventId    EventID code
 * @param eventType  EventTypeCode code
 * @param action     EventActionCode (C, R, U, D, E)
 * @param outcome    EventOutcomeIndicator (0, 4, 8, 12)
 * @param source     AuditSourceID
 * @param object     a ParticipantObjectID
 * @param address    a participant's NetworkAccessPointID
 * @param q          free text over names and descriptions
 * @param validation {@code valid} or {@code warning}
 * @param patientOid the OID the {@code patient} ID must be assigned by (a patient ID then, not a CX value), or null:
 *                   FHIR's {@code patient.identifier=urn:oid:OID|ID}, which the JSON API writes as the CX value
 * @param conditions further conditions, all of which hold: FHIR's value lists, repeated parameters and string
 *                   prefixes (the JSON API takes one exact value per filter and has none)
 */
public record EventFilters(Instant from, Instant to, String patient, String user, String eventId, String eventType,
                           String action, Integer outcome, String source, String object, String address, String q,
                           String validation, String patientOid, List<Condition> conditions) {

    public EventFilters {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** One exact value per filter, no further conditions: what the JSON API takes. */
    public EventFilters(Instant from, Instant to, String patient, String user, String eventId, String eventType,
                        String action, Integer outcome, String source, String object, String address, String q,
                        String validation, String patientOid) {
        this(from, to, patient, user, eventId, eventType, action, outcome, source, object, address, q, validation,
                patientOid, List.of());
    }

    public static EventFilters none() {
        return new EventFilters(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The filters as {@code name=value&...} in a fixed order: recorded in audit events and bound into cursors. */
    public String canonical() {
        List<String> parts = new ArrayList<>();
        add(parts, "from", from);
        add(parts, "to", to);
        add(parts, "patient", patient);
        add(parts, "patientOid", patientOid);
        add(parts, "user", user);
        add(parts, "eventId", eventId);
        add(parts, "eventType", eventType);
        add(parts, "action", action);
        add(parts, "outcome", outcome);
        add(parts, "source", source);
        add(parts, "object", object);
        add(parts, "address", address);
        add(parts, "q", q);
        add(parts, "validation", validation);
        conditions.forEach(c -> add(parts, c.filter() + (c.prefix() ? ":prefix" : ":anyOf"), c.canonical()));
        return String.join("&", parts);
    }

    static void add(List<String> parts, String name, Object value) {
        if (value != null) {
            parts.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }

    /** The patient the filter names, as the CX value it matches (the OID form written out), or none. */
    public java.util.List<String> patientsNamed() {
        if (patient == null) {
            return java.util.List.of();
        }
        return java.util.List.of(patientOid == null ? patient : patient + "^^^&" + patientOid + "&ISO");
    }
}

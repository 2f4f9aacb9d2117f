package arr.query.report;

import arr.query.search.EventQueries;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The built-in compliance reports: the privacy officer's recurring questions of standards.md §5.5, each a fixed
 * selection of events by DICOM code, so that a scheduled report means the same thing every period.
 */
public final class ReportCatalogue {

    private static final List<ReportDefinition> REPORTS = List.of(
            new ReportDefinition("patient-disclosure", "Accesses to patients' records",
                    "Every event naming one of these patients (an ID alone under any authority, or a CX value "
                            + "exactly): who accessed the record, when, from where, and with what outcome. Up to 1,000 "
                            + "patients per run.", true, EventQueries::anyPatient),
            new ReportDefinition("emergency-access", "Emergency access (break-glass)",
                    "Security Alerts of type Emergency Override Started (110127) or Stopped (110138): who overrode "
                            + "access controls, when and from where.", false,
                    patients -> anyOf("eventTypes.code", "110127", "110138")),
            new ReportDefinition("failed-logins", "Failed logins and node authentication failures",
                    "User Authentication (110114) events whose outcome is not success, and Security Alerts of type "
                            + "Node Authentication (110126): guessed passwords, locked accounts, devices with a wrong "
                            + "certificate.", false,
                    patients -> either(
                            Query.of(q -> q.bool(b -> b.filter(EventQueries.term("eventId.code", "110114"))
                                    .mustNot(m -> m.term(t -> t.field("outcome").value(0))))),
                            EventQueries.term("eventTypes.code", "110126"))),
            new ReportDefinition("exports", "Exports and disclosures",
                    "Export (110106) events: data that left a system, to which media or destination, by whom.", false,
                    patients -> EventQueries.term("eventId.code", "110106")),
            new ReportDefinition("deletions", "Deletions",
                    "Study Deleted (110105) events and every event whose action is Delete (D).", false,
                    patients -> either(EventQueries.term("eventId.code", "110105"), EventQueries.term("action", "D"))),
            new ReportDefinition("security-alerts", "Security alerts",
                    "Every Security Alert (110113): configuration and permission changes, audit recording stopped "
                            + "or started, emergency overrides, authentication failures, the repository's own purges.",
                    false, patients -> EventQueries.term("eventId.code", "110113")),
            new ReportDefinition("audit-log-use", "Use of the audit trail",
                    "Audit Log Used (110101) events: who read the audit trail, with which query, and how many events "
                            + "it found, including this repository's own searches, exports and reports.", false,
                    patients -> EventQueries.term("eventId.code", "110101")));

    private ReportCatalogue() {
    }

    public static List<ReportDefinition> all() {
        return REPORTS;
    }

    public static Optional<ReportDefinition> find(String name) {
        return REPORTS.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private static Query anyOf(String field, String... values) {
        List<FieldValue> terms = Arrays.stream(values).map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(terms))));
    }

    private static Query either(Query one, Query other) {
        return Query.of(q -> q.bool(b -> b.should(one, other).minimumShouldMatch("1")));
    }
}

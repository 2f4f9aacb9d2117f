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
                    "Security Alerts (110113) of type Emergency Override Started (110127) or Stopped (110138): who "
                            + "overrode access controls, when and from where.", false,
                    patients -> all(EventQueries.term("eventId.code", "110113"), anyOf("eventTypes.code", "110127", "110138"))),
            new ReportDefinition("failed-logins", "Failed logins and node authentication failures",
                    "User Authentication (110114) Logins (110122) that failed (outcome 4, 8 or 12: wrong password, "
                            + "excess retries, account disabled), and Security Alerts (110113) of type Node Authentication "
                            + "(110126): devices refused for their certificate.", false,
                    patients -> either(
                            all(EventQueries.term("eventId.code", "110114"), EventQueries.term("eventTypes.code", "110122"),
                                    Query.of(q -> q.terms(t -> t.field("outcome").terms(v -> v.value(List.of(
                                            FieldValue.of(4), FieldValue.of(8), FieldValue.of(12))))))),
                            all(EventQueries.term("eventId.code", "110113"), EventQueries.term("eventTypes.code", "110126")))),
            new ReportDefinition("exports", "Exports",
                    "Export (110106) events: data that left a system, to which media or destination, by whom; this "
                            + "repository's own CSV exports and report downloads included.", false,
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

    private static Query all(Query... queries) {
        return Query.of(q -> q.bool(b -> b.filter(Arrays.asList(queries))));
    }

    private static Query either(Query one, Query other) {
        return Query.of(q -> q.bool(b -> b.should(one, other).minimumShouldMatch("1")));
    }
}

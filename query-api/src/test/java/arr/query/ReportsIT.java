package arr.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.ObjectDetail;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compliance reports against the whole stack: each report lists exactly its events over its period, in a CSV and a
 * PDF whose SHA-256 the run states; runs and downloads are audited; too large a period fails saying so; the schedule
 * runs at start. The test stack's query API runs with AUDIT_REPORT_MAX_ROWS=5, AUDIT_REPORT_PDF_ROWS=2 and
 * AUDIT_REPORT_SCHEDULES="security-alerts daily" with no delay (query-api/pom.xml).
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
class ReportsIT {

    static final String TAG = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String SOURCE = "reports-it-" + TAG;
    static final String P1 = "RP1-" + TAG + "^^^&1.2.3&ISO";
    static final String P2_ID = "RP2-" + TAG;
    static final String P2 = P2_ID + "^^^&1.2.3&ISO";
    static final String P3 = "RP3-" + TAG + "^^^&1.2.3&ISO";
    static final String P4 = "RP4-" + TAG + "^^^&1.2.3&ISO";
    static final String U1 = "alice-" + TAG;
    static final String U2 = "bob-" + TAG;
    static final String U3 = "carol-" + TAG;
    static final String U4 = "mallory-" + TAG;
    static final String U5 = "dave-" + TAG;
    static final String NODE = "node-" + TAG;

    static TestStack stack;
    static ApiClient api;
    static ApiClient.Login auditor;
    static ApiClient.Login officer;
    static ApiClient.Login admin;

    @BeforeAll
    static void sendMessages(TestStack testStack) throws Exception {
        stack = testStack;
        api = new ApiClient(stack.url(Part.QUERY_API));
        auditor = ApiClient.Login.of(stack, "AUDITOR");
        officer = ApiClient.Login.of(stack, "OFFICER");
        admin = ApiClient.Login.of(stack, "ADMIN");
        List<String> messages = new ArrayList<>(List.of(
                Messages.dicomPatientRecord("2014-03-02T10:00:00Z", "R", 0, U1, "Alice Ærøe", "10.4.0.1", SOURCE, P1, "A^B"),
                Messages.dicomPatientRecord("2014-03-03T10:00:00Z", "U", 0, U2, "Bob", "10.4.0.2", SOURCE, P1, "A^B"),
                Messages.dicomPatientRecord("2014-03-04T10:00:00Z", "R", 0, U1, "Alice Ærøe", "10.4.0.1", SOURCE, P2, "C^D"),
                Messages.dicomPatientRecord("2014-03-05T10:00:00Z", "R", 0, U3, "Carol", "10.4.0.3", SOURCE, P3, "E^F"),
                Messages.dicomEmergencyOverride("2014-03-06T10:00:00Z", U2, "10.4.0.2", SOURCE, P3),
                Messages.dicom2014Login("2014-03-07T10:00:00Z", 4, U4, "10.4.0.4", SOURCE),
                Messages.dicom2014Login("2014-03-07T11:00:00Z", 0, U1, "10.4.0.1", SOURCE),
                Messages.dicomPatientRecord("2014-03-08T10:00:00Z", "D", 0, U3, "Carol", "10.4.0.3", SOURCE, P3, "E^F"),
                Messages.dicomNodeAuthenticationAlert("2014-03-09T10:00:00Z", NODE, SOURCE),
                Messages.dicomLogout("2014-03-10T10:00:00Z", 4, U5, "10.4.0.5", SOURCE)));
        for (int day = 1; day <= 6; day++) {
            messages.add(Messages.dicomPatientRecord("2014-04-0" + day + "T10:00:00Z", "R", 0, U3, "Carol", "10.4.0.3", SOURCE,
                    P4, "G^H"));
        }
        Devices.send(stack, messages);
        Indexed.until(stack.elasticsearchUrl(), "audit-events", "sources.id", SOURCE, messages.size());
    }

    @Test
    void aPatientDisclosureRunListsEveryEventOfThosePatientsInItsCsvAndPdf() throws Exception {
        ApiClient.Answer started = api.post("/api/v1/reports/patient-disclosure/runs", officer,
                "{\"from\":\"2014-03-01\",\"to\":\"2014-03-31\",\"patient\":[\"" + P1 + "\",\"" + P2_ID + "\"]}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/reports/runs/" + id);
        assertThat(started.json().path("status").asText()).isIn("queued", "running", "succeeded");

        JsonNode run = finished(id);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("rows").asLong()).isEqualTo(3);
        assertThat(run.path("from").asText()).isEqualTo("2014-03-01T00:00:00Z");
        assertThat(run.path("to").asText()).isEqualTo("2014-03-31T23:59:59.999Z");
        assertThat(run.path("requestedBy").asText()).isEqualTo(officer.user());

        HttpResponse<byte[]> csv = api.bytes(run.path("files").path("csv").path("href").asText(), officer);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValueAsLong("Content-Length")).hasValue(run.path("files").path("csv").path("bytes").asLong());
        assertThat(sha256(csv.body())).isEqualTo(run.path("files").path("csv").path("sha256").asText());
        assertThat(csv.headers().firstValue("Repr-Digest")).hasValue("sha-256=:"
                + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(csv.body()))) + ":");
        List<String> lines = Arrays.asList(new String(csv.body(), StandardCharsets.UTF_8).split("\r\n"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("id,eventTime,");
        assertThat(lines.get(1)).contains("2014-03-04T10:00:00Z", U1, P2);
        assertThat(lines.get(2)).contains("2014-03-03T10:00:00Z", U2, P1);
        assertThat(lines.get(3)).contains("2014-03-02T10:00:00Z", U1, P1);
        assertThat(String.join("\n", lines)).doesNotContain(P3).doesNotContain(U3);

        HttpResponse<byte[]> pdf = api.bytes(run.path("files").path("pdf").path("href").asText(), officer);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(sha256(pdf.body())).isEqualTo(run.path("files").path("pdf").path("sha256").asText());
        String text = pdfText(pdf.body());
        assertThat(text).contains("Accesses to patients' records", "By requesting user", U1, U2, "the first 2 of 3");
        // The PDF's table shows the newest two (AUDIT_REPORT_PDF_ROWS); long values may wrap inside their cells.
        assertThat(text.replaceAll("\\s", "")).contains(run.path("files").path("csv").path("sha256").asText(),
                "2014-03-04T10:00:00Z", "2014-03-03T10:00:00Z").doesNotContain("2014-03-02T10:00:00Z");
    }

    @Test
    void eachReportListsOnlyItsOwnKindOfEvent() {
        JsonNode emergency = finished(start("emergency-access", "2014-03-01", "2014-03-31"));
        assertThat(emergency.path("rows").asLong()).as(emergency.toString()).isEqualTo(1);
        assertThat(csvOf(emergency)).contains(U2, "110113").doesNotContain(U1);

        // A failed login and a refused node; not the successful login, not the failed logout.
        JsonNode failedLogins = finished(start("failed-logins", "2014-03-01", "2014-03-31"));
        assertThat(failedLogins.path("rows").asLong()).as(failedLogins.toString()).isEqualTo(2);
        assertThat(csvOf(failedLogins)).contains(U4, NODE).doesNotContain(U1).doesNotContain(U5);

        JsonNode deletions = finished(start("deletions", "2014-03-01", "2014-03-31"));
        assertThat(deletions.path("rows").asLong()).as(deletions.toString()).isEqualTo(1);
        assertThat(csvOf(deletions)).contains(U3, P3, "\"D\"").doesNotContain(U1);

        JsonNode alerts = finished(start("security-alerts", "2014-03-01", "2014-03-31"));
        assertThat(alerts.path("rows").asLong()).as(alerts.toString()).isEqualTo(2);
        assertThat(csvOf(alerts)).contains(U2, NODE).doesNotContain(U4);

        JsonNode none = finished(start("exports", "2014-03-01", "2014-03-31"));
        assertThat(none.path("status").asText()).isEqualTo("succeeded");
        assertThat(none.path("rows").asLong()).isZero();
        assertThat(csvOf(none).split("\r\n")).hasSize(1);
    }

    @Test
    void theRepositorysOwnExportsAndReadsAreInTheExportsAndAuditLogUseReports() {
        String from = Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        assertThat(api.get("/api/v1/events.csv" + ApiClient.query("source", SOURCE, "patient", P3), officer).status())
                .isEqualTo(200);
        untilIndexed("110106", from);
        untilIndexed("110101", from);
        // Up to now: the reads that follow (of these reports' runs) are after it.
        String to = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        // Other reads may fall in the window (the schedule's run at start): each row is of the report's kind, and the
        // officer's export is among them.
        assertThat(rows(finished(start("exports", from, to)))).allMatch(row -> row.contains("\"110106\""))
                .anyMatch(row -> row.contains(officer.user()) && row.contains(P3));
        assertThat(rows(finished(start("audit-log-use", from, to)))).allMatch(row -> row.contains("\"110101\""))
                .anyMatch(row -> row.contains(officer.user()));
    }

    @Test
    void aRunThatCannotBeRecordedInTheAuditTrailFailsAndLeavesNoFiles() throws Exception {
        stack.stop(Part.KAFKA);
        String id = null;
        try {
            id = start("emergency-access", "2014-03-01", "2014-03-31");
            JsonNode run = finished(id);
            assertThat(run.path("status").asText()).isEqualTo("failed");
            assertThat(run.path("error").asText()).contains("could not be recorded in the audit trail");
            assertThat(run.path("files").isEmpty()).isTrue();
        } finally {
            stack.start(Part.KAFKA);
        }
        assertThat(countInElasticsearch("audit-report-files", "run", id + "/1")).isZero();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(api.get("/api/v1/events" + ApiClient.query("source", SOURCE), officer).status()).isEqualTo(200));
    }

    @Test
    void aRunShowingItsResultAndEachDownloadAreRecordedAsReadsAndTheDownloadAsAnExportNamingItsPatients() {
        String id;
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            id = api.post("/api/v1/reports/patient-disclosure/runs", officer,
                    "{\"from\":\"2014-03-01\",\"to\":\"2014-03-31\",\"patient\":[\"" + P1 + "\",\"" + P2 + "\"]}")
                    .json().path("id").asText();
            JsonNode done = finished(id);
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            List<AuditEnvelope> reads = about(events.collect("110101"), id);
            // The run's read, and the one status read that showed it succeeded (with its count).
            assertThat(reads).extracting(e -> detail(e.event(), "Endpoint"))
                    .containsExactlyInAnyOrder("POST /api/v1/reports/{name}/runs", "GET /api/v1/reports/runs/{runId}");
            // The run's read holds both files' hashes: they are in the tamper-evident chain with it.
            AuditEvent runRead = reads.stream().map(AuditEnvelope::event)
                    .filter(e -> "POST /api/v1/reports/{name}/runs".equals(detail(e, "Endpoint"))).findFirst().orElseThrow();
            assertThat(detail(runRead, "CsvSha256")).isEqualTo(done.path("files").path("csv").path("sha256").asText());
            assertThat(detail(runRead, "PdfSha256")).isEqualTo(done.path("files").path("pdf").path("sha256").asText());
            for (AuditEnvelope read : reads) {
                assertThat(read.event().participants()).anyMatch(p -> officer.user().equals(p.userId()) && p.requestorFlagged());
                assertThat(detail(read.event(), "ResultCount")).isEqualTo("3");
                assertThat(read.validation().status().wireName()).isEqualTo("valid");
            }
        }
        JsonNode run = SearchIT.ok(api.get("/api/v1/reports/runs/" + id, officer));
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            assertThat(api.bytes(run.path("files").path("pdf").path("href").asText(), officer).statusCode()).isEqualTo(200);
            List<AuditEnvelope> recorded = about(events.collect(null), id);
            List<AuditEnvelope> reads = recorded.stream().filter(e -> "110101".equals(e.event().eventId().code())).toList();
            assertThat(reads).extracting(e -> detail(e.event(), "Endpoint"))
                    .containsExactly("GET /api/v1/reports/runs/{runId}/report.pdf");
            List<AuditEnvelope> exports = recorded.stream().filter(e -> "110106".equals(e.event().eventId().code())).toList();
            assertThat(exports).hasSize(1);
            assertThat(exports.get(0).event().patients()).extracting(p -> p.cx()).containsExactlyInAnyOrder(P1, P2);
            assertThat(exports.get(0).validation().status().wireName()).isEqualTo("valid");
        }
    }

    @Test
    void aPeriodWithMoreEventsThanAReportListsFailsSayingSoAndHasNoFiles() {
        String id = api.post("/api/v1/reports/patient-disclosure/runs", officer,
                "{\"from\":\"2014-04-01\",\"to\":\"2014-04-30\",\"patient\":[\"" + P4 + "\"]}").json().path("id").asText();
        JsonNode run = finished(id);
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("more events than the 5", "shorter period").doesNotContain("6 events");
        assertThat(run.path("files").isEmpty()).isTrue();
        // Counted for the operators: runs by report and how they ended, their time, the queue.
        String metrics = api.get("/prometheus", admin).body();
        assertThat(metrics).containsPattern("arr_report_runs_total\\{[^}]*report=\"patient-disclosure\"[^}]*status=\"failed\"")
                .contains("arr_report_run_seconds_count").contains("arr_report_runs_waiting");
        ApiClient.Answer csv = api.get("/api/v1/reports/runs/" + id + "/report.csv", officer);
        assertThat(csv.status()).isEqualTo(404);
        assertThat(csv.json().path("detail").asText()).contains("failed");
    }

    @Test
    void aRunRequestThatCannotBeRunIsRefusedWithItsReason() {
        assertRefused(api.post("/api/v1/reports/nothing/runs", officer, "{\"from\":\"2014-03-01\",\"to\":\"2014-03-31\"}"), 404,
                "no report 'nothing'");
        assertRefused(api.post("/api/v1/reports/exports/runs", officer, "{\"from\":\"2014-03-01\"}"), 400, "both 'from' and 'to'");
        assertRefused(api.post("/api/v1/reports/exports/runs", officer, null), 400, "both 'from' and 'to'");
        assertRefused(api.post("/api/v1/reports/exports/runs", officer, "{\"from\":\"2014-04-01\",\"to\":\"2014-03-31\"}"), 400,
                "'from' is after 'to'");
        assertRefused(api.post("/api/v1/reports/patient-disclosure/runs", officer, "{\"from\":\"2014-03-01\",\"to\":\"2014-03-31\"}"),
                400, "needs at least one patient");
        assertRefused(api.post("/api/v1/reports/exports/runs", officer,
                "{\"from\":\"2014-03-01\",\"to\":\"2014-03-31\",\"patient\":[\"x\"]}"), 400, "takes no patients");
        assertRefused(api.post("/api/v1/reports/exports/runs", officer,
                "{\"from\":\"2014-03-01\",\"to\":\"2014-03-31\",\"size\":\"5\"}"), 400, "size");
        assertRefused(api.post("/api/v1/reports/exports/runs", officer, "{\"from\":2014,\"to\":\"2014-03-31\"}"), 400,
                "'from' must be a string");
        assertThat(api.post("/api/v1/reports/exports/runs", officer, "{\"from\":").status()).isEqualTo(400);
        assertRefused(api.get("/api/v1/reports/runs/" + UUID.randomUUID(), officer), 404, "no report run");
        assertRefused(api.get("/api/v1/reports/runs/a%20b", officer), 400, "run ID");
        assertRefused(api.get("/api/v1/reports/runs?report=nothing", officer), 400, "no report 'nothing'");
    }

    @Test
    void theCatalogueListsEveryReportAndTheConfiguredSchedule() {
        JsonNode catalogue = SearchIT.ok(api.get("/api/v1/reports", officer));
        List<String> names = new ArrayList<>();
        catalogue.path("reports").forEach(r -> names.add(r.path("name").asText()));
        assertThat(names).containsExactly("patient-disclosure", "emergency-access", "failed-logins", "exports", "deletions",
                "security-alerts", "audit-log-use");
        assertThat(catalogue.path("reports").get(0).path("schedulable").asBoolean()).isFalse();
        assertThat(catalogue.path("schedules").get(0).path("report").asText()).isEqualTo("security-alerts");
        assertThat(catalogue.path("schedules").get(0).path("frequency").asText()).isEqualTo("daily");
        assertThat(catalogue.path("schedules").get(0).path("zone").asText()).isEqualTo("UTC");
    }

    @Test
    void theScheduleRunsTheNewestCompleteDayByItselfOnceTheServiceIsUp() {
        // The run is made at the query API's start (plus 15 s); it is yesterday's, unless midnight passed since.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            for (LocalDate day : List.of(today.minusDays(1), today.minusDays(2))) {
                ApiClient.Answer answer = api.get("/api/v1/reports/runs/security-alerts-daily-" + day, officer);
                if (answer.status() == 200 && "succeeded".equals(answer.json().path("status").asText())) {
                    found[0] = answer.json();
                    return true;
                }
            }
            return false;
        });
        JsonNode run = found[0];
        String day = run.path("id").asText().substring("security-alerts-daily-".length());
        assertThat(run.path("from").asText()).isEqualTo(day + "T00:00:00Z");
        assertThat(run.path("to").asText()).isEqualTo(day + "T23:59:59.999Z");
        assertThat(run.path("requestedBy").asText()).isEqualTo("report-scheduler");
        assertThat(run.path("schedule").asText()).isEqualTo("daily");
        assertThat(run.path("attempt").asInt()).isEqualTo(1);
        assertThat(run.path("files").path("pdf").path("href").asText()).endsWith("/report.pdf");
        // Recorded as the scheduler's read, like any other.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(countInElasticsearch("audit-events",
                "participants.userId", "report-scheduler")).isPositive());
    }

    private static String start(String report, String from, String to) {
        ApiClient.Answer answer = api.post("/api/v1/reports/" + report + "/runs", officer,
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().path("id").asText();
    }

    /** Waits until the run succeeded or failed, and returns it. */
    private static JsonNode finished(String id) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            run[0] = SearchIT.ok(api.get("/api/v1/reports/runs/" + id, officer));
            return List.of("succeeded", "failed").contains(run[0].path("status").asText());
        });
        return run[0];
    }

    private static String csvOf(JsonNode run) {
        HttpResponse<byte[]> csv = api.bytes(run.path("files").path("csv").path("href").asText(), officer);
        assertThat(csv.statusCode()).isEqualTo(200);
        return new String(csv.body(), StandardCharsets.UTF_8);
    }

    /** The CSV's rows without its header. */
    private static List<String> rows(JsonNode run) {
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        List<String> lines = Arrays.asList(csvOf(run).split("\r\n"));
        return lines.subList(1, lines.size());
    }

    private static String detail(AuditEvent event, String type) {
        return event.objects().get(0).details().stream().filter(d -> type.equals(d.type())).map(ObjectDetail::text)
                .findFirst().orElse(null);
    }

    /** Waits until Elasticsearch holds an event with this EventID and an event time at or after {@code from}. */
    private static void untilIndexed(String eventId, String from) {
        String query = "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"eventId.code\":\"" + eventId + "\"}},"
                + "{\"range\":{\"eventTime.value\":{\"gte\":\"" + from + "\"}}}]}}}";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("audit-events", query) > 0);
    }

    private static long countInElasticsearch(String index, String field, String value) throws Exception {
        return count(index, "{\"query\":{\"term\":{\"" + field + "\":\"" + value + "\"}}}");
    }

    private static long count(String index, String query) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String es = stack.elasticsearchUrl();
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(es + "/" + index + "/_refresh"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(es + "/" + index + "/_count"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(query))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return ApiClient.JSON.readTree(answer).path("count").asLong();
    }

    private static List<AuditEnvelope> about(List<AuditEnvelope> events, String runId) {
        return events.stream().filter(e -> e.event().objects().stream()
                .anyMatch(o -> o.query() != null && o.query().contains("run=" + runId))).toList();
    }

    private static void assertRefused(ApiClient.Answer answer, int status, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.json().path("detail").asText()).contains(reason);
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

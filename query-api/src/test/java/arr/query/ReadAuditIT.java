package arr.query;

import static arr.query.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.ObjectDetail;
import arr.schemas.event.ParticipantObject;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit of the audit: every read through the API is recorded as exactly one DICOM Audit Log Used (110101)
 * event naming the user, the parameters and the number of results; with Kafka down, no read is served.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
class ReadAuditIT {

    static final String TAG = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String SOURCE = "read-audit-it-" + TAG;
    static final String USER = "reader-" + TAG;
    static final String PATIENT_ID = "PR-" + TAG;
    static final String PATIENT = PATIENT_ID + "^^^&1.2.3&ISO";

    static TestStack stack;
    static ApiClient api;
    static ApiClient.Login auditor;
    static ApiClient.Login officer;

    @BeforeAll
    static void sendMessages(TestStack testStack) throws Exception {
        stack = testStack;
        api = new ApiClient(stack.url(Part.QUERY_API));
        auditor = ApiClient.Login.of(stack, "AUDITOR");
        officer = ApiClient.Login.of(stack, "OFFICER");
        Devices.send(stack, List.of(
                Messages.dicomPatientRecord("2026-05-01T10:00:00+02:00", "R", 0, USER, "Reader", "10.2.0.1", SOURCE, PATIENT, "X^Y"),
                Messages.dicomPatientRecord("2026-05-02T10:00:00+02:00", "U", 0, USER, "Reader", "10.2.0.1", SOURCE, PATIENT, "X^Y"),
                Messages.dicom2014Login("2026-05-03T10:00:00+02:00", 0, USER, "10.2.0.1", SOURCE)));
        Indexed.until(stack.elasticsearchUrl(), "audit-events", "sources.id", SOURCE, 3);
    }

    @Test
    void aSearchIsRecordedOnceWithItsUserParametersAndTotal() {
        AuditEvent read = theOneRecordOf(auditor, () -> api.get("/api/v1/events" + query("source", SOURCE, "size", "2"), auditor));
        assertRead(read, auditor.user(), "GET /api/v1/events", "source=" + SOURCE + "&size=2", 3);
        assertThat(read.patients()).as("a search about no patient names none").isEmpty();
    }

    /**
     * A read about a patient names that patient in its record, so "who looked at this patient's audit trail?" is a
     * search by patient among the 110101 events (until 2026-11-28 only a base64 query held the patient).
     */
    @Test
    void aReadAboutAPatientNamesThePatientSoThatItCanBeFoundByPatient() {
        AuditEvent search = theOneRecordOf(auditor, () -> api.get("/api/v1/events" + query("source", SOURCE, "patient", PATIENT),
                auditor));
        assertThat(search.patients()).extracting(p -> p.cx()).containsExactly(PATIENT);
        AuditEvent fhir = theOneRecordOf(auditor, () -> api.get("/fhir/AuditEvent" + query("date", "2026-05",
                "patient.identifier", "urn:oid:1.2.3|" + PATIENT_ID), auditor));
        assertThat(fhir.patients()).extracting(p -> p.cx()).containsExactly(PATIENT_ID + "^^^&1.2.3&ISO");
        String id = SearchIT.ok(api.get("/api/v1/events" + query("source", SOURCE, "eventId", "110110", "size", "1"), auditor))
                .path("items").get(0).path("id").asText();
        AuditEvent detail = theOneRecordOf(auditor, () -> api.get("/api/v1/events/" + id, auditor));
        assertThat(detail.patients()).extracting(p -> p.cx()).containsExactly(PATIENT);
        AuditEvent accesses = theOneRecordOf(officer, () -> api.get("/api/v1/investigations/patient-accesses"
                + query("patient", PATIENT, "patient", "other-" + TAG), officer));
        assertThat(accesses.patients()).extracting(p -> p.id()).containsExactly(PATIENT_ID, "other-" + TAG);
        // And the repository answers the question: the officer's investigation is among the reads about the patient.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(SearchIT.ok(api.get("/api/v1/events"
                + query("eventId", "110101", "patient", "other-" + TAG, "user", officer.user()), auditor)).path("total").asLong())
                .isEqualTo(1));
        // An investigation of that patient shows the officer as the one who accessed it, not the service that answered.
        JsonNode users = SearchIT.ok(api.get("/api/v1/investigations/patient-accesses" + query("patient", "other-" + TAG), officer))
                .path("patients").get(0).path("users");
        List<String> names = new java.util.ArrayList<>();
        users.forEach(u -> names.add(u.path("user").asText()));
        // (The auditor's searches above were about that patient too.)
        assertThat(names).contains(officer.user()).doesNotContain("arr-query-api");
    }

    @Test
    void anIti81SearchByPostIsRecordedOnceAsSuch() {
        AuditEvent read = theOneRecordOf(auditor, () -> api.post("/fhir/AuditEvent/_search", auditor,
                "application/x-www-form-urlencoded", "date=2026-05&source=" + SOURCE + "&_count=2"));
        assertRead(read, auditor.user(), "POST /fhir/AuditEvent/_search", "_count=2&date=2026-05&source=" + SOURCE, 3);
    }

    @Test
    void anIti81TotalAloneIsRecordedOnceWithItsTotal() {
        AuditEvent read = theOneRecordOf(auditor, () -> api.get("/fhir/AuditEvent" + query("date", "2026-05", "source", SOURCE,
                "_count", "0"), auditor));
        assertRead(read, auditor.user(), "GET /fhir/AuditEvent", "_count=0&date=2026-05&source=" + SOURCE, 3);
    }

    @Test
    void anIti81SearchAndReadAreRecordedOnceEach() {
        AuditEvent read = theOneRecordOf(auditor, () -> api.get("/fhir/AuditEvent" + query("date", "2026-05", "source", SOURCE,
                "_count", "2"), auditor));
        assertRead(read, auditor.user(), "GET /fhir/AuditEvent", "_count=2&date=2026-05&source=" + SOURCE, 3);
        String id = SearchIT.ok(api.get("/api/v1/events" + query("source", SOURCE, "size", "1"), auditor))
                .path("items").get(0).path("id").asText();
        AuditEvent detail = theOneRecordOf(auditor, () -> api.get("/fhir/AuditEvent/" + id, auditor));
        assertRead(detail, auditor.user(), "GET /fhir/AuditEvent/{id}", "id=" + id, 1);
    }

    @Test
    void aDetailIsRecordedOnceWithTheEventId() {
        String id = SearchIT.ok(api.get("/api/v1/events" + query("source", SOURCE, "size", "1"), auditor))
                .path("items").get(0).path("id").asText();
        AuditEvent read = theOneRecordOf(auditor, () -> api.get("/api/v1/events/" + id, auditor));
        assertRead(read, auditor.user(), "GET /api/v1/events/{id}", "id=" + id, 1);
    }

    @Test
    void aQuarantineListIsRecordedOnce() {
        AuditEvent read = theOneRecordOf(auditor, () -> api.get("/api/v1/quarantine" + query("source", "peer:" + TAG), auditor));
        assertRead(read, auditor.user(), "GET /api/v1/quarantine", "source=peer%3A" + TAG + "&size=50", 0);
    }

    @Test
    void anExportIsRecordedOnceAsAReadAndOnceAsAnExport() {
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            ApiClient.Answer csv = api.get("/api/v1/events.csv" + query("source", SOURCE, "patient", PATIENT), officer);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.body().split("\r\n")).hasSize(3);
            List<AuditEnvelope> reads = mine(events.collect("110101"), officer.user(), SOURCE);
            assertThat(reads).hasSize(1);
            assertRead(reads.get(0).event(), officer.user(), "GET /api/v1/events.csv",
                    "patient=" + java.net.URLEncoder.encode(PATIENT, java.nio.charset.StandardCharsets.UTF_8) + "&source=" + SOURCE, 2);
        }
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            api.get("/api/v1/events.csv" + query("source", SOURCE, "patient", PATIENT), officer);
            List<AuditEnvelope> exports = mine(events.collect("110106"), officer.user(), SOURCE);
            assertThat(exports).hasSize(1);
            AuditEvent export = exports.get(0).event();
            assertThat(export.patients()).extracting(p -> p.cx()).containsExactly(PATIENT);
            assertThat(exports.get(0).validation().status().wireName()).isEqualTo("valid");
        }
        // Not filtered by patient: the Export still names every patient whose events it holds, so that asking later
        // about that patient finds it (and the repository's own event meets A.5.3.4 instead of warning).
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            api.get("/api/v1/events.csv" + query("source", SOURCE), officer);
            List<AuditEnvelope> exports = mine(events.collect("110106"), officer.user(), SOURCE);
            assertThat(exports).hasSize(1);
            assertThat(exports.get(0).event().patients()).extracting(p -> p.cx()).containsExactly(PATIENT);
            assertThat(exports.get(0).validation().status().wireName()).isEqualTo("valid");
        }
    }

    @Test
    void bothInvestigationsAreRecordedOnceEach() {
        AuditEvent accesses = theOneRecordOf(officer, () -> api.get("/api/v1/investigations/patient-accesses"
                + query("patient", PATIENT, "from", "2026-05-01T00:00:00Z", "to", "2026-06-01T00:00:00Z"), officer));
        assertRead(accesses, officer.user(), "GET /api/v1/investigations/patient-accesses",
                "from=2026-05-01T00%3A00%3A00Z&to=2026-06-01T00%3A00%3A00Z&patient="
                        + java.net.URLEncoder.encode(PATIENT, java.nio.charset.StandardCharsets.UTF_8), 2);
        AuditEvent activity = theOneRecordOf(officer, () -> api.get("/api/v1/investigations/user-activity" + query("user", USER), officer));
        assertRead(activity, officer.user(), "GET /api/v1/investigations/user-activity", "user=" + USER, 3);
    }

    @Test
    void aRefusedRequestReadsNothingAndIsNotRecordedAsARead() {
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            assertThat(api.get("/api/v1/events" + query("source", SOURCE, "size", "5000"), auditor).status()).isEqualTo(400);
            assertThat(api.get("/api/v1/events.csv" + query("source", SOURCE), auditor).status()).isEqualTo(403);
            assertThat(mine(events.collect("110101"), auditor.user(), SOURCE)).isEmpty();
        }
    }

    @Test
    void theQueryApiRecordedItsStart() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            com.fasterxml.jackson.databind.JsonNode page = SearchIT.ok(api.get("/api/v1/events"
                    + query("eventId", "110100", "eventType", "110120", "user", "arr-query-api"), auditor));
            assertThat(page.path("total").asLong()).isPositive();
        });
    }

    @Test
    void withKafkaDownNoReadIsServed() {
        stack.stop(Part.KAFKA);
        try {
            ApiClient.Answer answer = api.get("/api/v1/events" + query("source", SOURCE), auditor);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.body()).doesNotContain(SOURCE).doesNotContain("items");
        } finally {
            stack.start(Part.KAFKA);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(api.get("/api/v1/events" + query("source", SOURCE), auditor).status()).isEqualTo(200));
    }

    /** Runs one read and returns its one Audit Log Used event (failing if there is not exactly one). */
    private static AuditEvent theOneRecordOf(ApiClient.Login login, Supplier<ApiClient.Answer> read) {
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            ApiClient.Answer answer = read.get();
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            List<AuditEnvelope> reads = events.collect("110101").stream()
                    .filter(e -> e.event().participants().stream().anyMatch(p -> login.user().equals(p.userId()))).toList();
            assertThat(reads).as("Audit Log Used events of this read").hasSize(1);
            assertThat(reads.get(0).validation().status().wireName()).isEqualTo("valid");
            return reads.get(0).event();
        }
    }

    private static List<AuditEnvelope> mine(List<AuditEnvelope> events, String user, String marker) {
        return events.stream()
                .filter(e -> e.event().participants().stream().anyMatch(p -> user.equals(p.userId())))
                .filter(e -> e.event().objects().stream().anyMatch(o -> o.query() != null && o.query().contains(marker)))
                .toList();
    }

    private static void assertRead(AuditEvent read, String user, String endpoint, String parameters, long results) {
        assertThat(read.action()).isEqualTo("R");
        ActiveParticipant requestor = read.participants().stream().filter(ActiveParticipant::requestorFlagged).findFirst().orElseThrow();
        assertThat(requestor.userId()).isEqualTo(user);
        assertThat(requestor.networkAccessPointId()).isEqualTo("127.0.0.1");
        ParticipantObject log = read.objects().get(0);
        assertThat(log.typeCode()).isEqualTo(2);
        assertThat(log.role()).isEqualTo(13);
        assertThat(log.query()).isEqualTo(parameters);
        assertThat(log.details()).extracting(ObjectDetail::type, ObjectDetail::text)
                .contains(org.assertj.core.groups.Tuple.tuple("Endpoint", endpoint),
                        org.assertj.core.groups.Tuple.tuple("ResultCount", Long.toString(results)));
    }
}

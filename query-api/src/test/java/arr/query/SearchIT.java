package arr.query;

import static arr.query.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Search, detail, export and quarantine against the whole stack: messages go in through the collector over mutual
 * TLS, are indexed, and are found through the API by every filter of CONTRACT.md §4.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchIT {

    static final String TAG = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String SOURCE = "search-it-" + TAG;
    static final String PATIENT = "P1-" + TAG;
    static final String PATIENT_A = PATIENT + "^^^&1.2.3&ISO";
    static final String PATIENT_B = PATIENT + "^^^&9.9.9&ISO";
    static final String PATIENT_2 = "P2-" + TAG;
    static final String ALICE = "alice-" + TAG;
    static final String BOB = "bob-" + TAG;
    static final String CAROL = "carol-" + TAG;
    static final List<String> MESSAGES = List.of(
            Messages.dicomPatientRecord("2026-03-10T10:00:00+01:00", "R", 0, ALICE, "Alice Quill" + TAG, "10.0.0.1", SOURCE,
                    PATIENT_A, "Doe^Jane"),
            Messages.rfc3881PatientFeed("2026-03-11T09:00:00-05:00", BOB, "=HYPERLINK(\"http://x\")", "10.0.0.2", SOURCE, PATIENT_B),
            Messages.dicom2014Login("2026-03-12T08:00:00+01:00", 4, ALICE, "10.0.0.3", SOURCE),
            Messages.dicomPatientRecord("2026-03-13T08:00:00", "U", 0, CAROL, "Carol", "10.0.0.4", SOURCE, PATIENT_2, "Roe^Richard"));

    /** A user whose ID a regular expression would read as operators, in an event with a second participant elsewhere. */
    static final String DOTTED = "d.o*t(" + TAG + ")+[x]|&~@\\d";
    static final String TWO_PARTICIPANTS_SOURCE = "search-it-two-" + TAG;

    static ApiClient api;
    static ApiClient.Login officer;
    static ApiClient.Login auditor;

    @BeforeAll
    static void sendMessages(TestStack stack) throws Exception {
        api = new ApiClient(stack.url(Part.QUERY_API));
        officer = ApiClient.Login.of(stack, "OFFICER");
        auditor = ApiClient.Login.of(stack, "AUDITOR");
        // The device sender puts the RFC 5424 BOM before each XML message; the detail must give the XML without it.
        List<String> messages = new ArrayList<>(MESSAGES);
        // Names a patient before it breaks off: the quarantine document keeps it for legal holds, the API shows none.
        messages.add("<AuditMessage><AuditSourceIdentification AuditSourceID=\"QSRC-" + TAG + "\"/>"
                + "<ParticipantObjectIdentification ParticipantObjectID=\"QPAT-" + TAG + "\"/><EventIdentification broken " + TAG);
        messages.add(Messages.dicomPatientRecord("2026-03-14T08:00:00Z", "R", 0, DOTTED, "Dot", "10.9.9.1",
                TWO_PARTICIPANTS_SOURCE, "P3-" + TAG, "Roe^Richard").replace("<AuditSourceIdentification",
                "<ActiveParticipant UserID=\"pacs-" + TAG + "\" UserIsRequestor=\"false\" NetworkAccessPointID=\"10.9.9.2\""
                        + " NetworkAccessPointTypeCode=\"2\"/><AuditSourceIdentification"));
        Devices.send(stack, messages);
        Indexed.until(stack.elasticsearchUrl(), "audit-events", "sources.id", SOURCE, MESSAGES.size());
        Indexed.until(stack.elasticsearchUrl(), "audit-events", "sources.id", TWO_PARTICIPANTS_SOURCE, 1);
    }

    @Test
    void aPatientIdAloneMatchesItUnderEveryAuthorityAndACxValueOnlyItself() {
        assertThat(search("patient", PATIENT)).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(search("patient", PATIENT_A)).containsExactly(ALICE);
        assertThat(search("patient", PATIENT_B)).containsExactly(BOB);
        assertThat(search("patient", PATIENT_2)).containsExactly(CAROL);
    }

    @Test
    void everyFilterFindsExactlyItsMessagesAcrossDialects() {
        assertThat(search("user", ALICE)).containsExactly(ALICE, ALICE);
        assertThat(search("eventId", "110114")).containsExactly(ALICE);
        assertThat(search("eventType", "ITI-8")).containsExactly(BOB);
        assertThat(search("action", "C")).containsExactly(BOB);
        assertThat(search("outcome", "4")).containsExactly(ALICE);
        assertThat(search("object", PATIENT_2)).containsExactly(CAROL);
        assertThat(search("address", "10.0.0.2")).containsExactly(BOB);
        assertThat(search("q", "quill" + TAG)).containsExactly(ALICE);
        assertThat(search("q", "Roe")).containsExactly(CAROL);
        assertThat(search("validation", "warning")).containsExactly(CAROL);
        assertThat(search("validation", "valid")).containsExactlyInAnyOrder(ALICE, BOB, ALICE);
        assertThat(search("from", "2026-03-11", "to", "2026-03-12")).containsExactly(ALICE, BOB);
        assertThat(search("from", "2026-03-11T15:00:01+01:00", "to", "2026-03-12T07:00:00Z")).containsExactly(ALICE);
        // The login has no object and no site.
        assertThat(search("objectType", "1")).containsExactly(CAROL, BOB, ALICE);
        assertThat(search("objectRole", "1", "action", "R")).containsExactly(ALICE);
        assertThat(search("objectType", "2")).isEmpty();
        assertThat(search("objectRole", "24")).isEmpty();
        assertThat(search("site", "Hospital-1")).containsExactly(CAROL, BOB, ALICE);
        assertThat(search("site", "hospital-1")).as("exact").isEmpty();
    }

    @Test
    void objectTypeAndRoleOutsideTheirCodesAreA400NamingThem() {
        ApiClient.Answer type = api.get("/api/v1/events?objectType=5", auditor);
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.body()).contains("objectType").contains("between 1 and 4");
        ApiClient.Answer role = api.get("/api/v1/events.csv?objectRole=patient", officer);
        assertThat(role.status()).isEqualTo(400);
        assertThat(role.body()).contains("objectRole");
    }

    @Test
    void resultsAreNewestFirstWithTheDevicesOffsetAndAnExactTotal() {
        JsonNode page = ok(api.get("/api/v1/events" + query("source", SOURCE), auditor));
        assertThat(page.path("total").asLong()).isEqualTo(4);
        assertThat(page.path("next").isNull()).isTrue();
        List<String> times = new ArrayList<>();
        page.path("items").forEach(item -> times.add(item.path("eventTime").asText()));
        assertThat(times).containsExactly("2026-03-13T08:00:00Z", "2026-03-12T08:00:00+01:00", "2026-03-11T09:00:00-05:00",
                "2026-03-10T10:00:00+01:00");
        JsonNode alice = page.path("items").get(3);
        assertThat(alice.path("eventId").path("code").asText()).isEqualTo("110110");
        assertThat(alice.path("source").path("id").asText()).isEqualTo(SOURCE);
        assertThat(alice.path("patients").get(0).path("id").asText()).isEqualTo(PATIENT);
        assertThat(alice.path("patients").get(0).path("authority").asText()).isEqualTo("1.2.3");
        assertThat(alice.path("transport").path("protocol").asText()).isEqualTo("tls");
        assertThat(alice.path("transport").path("tlsSubject").asText()).contains("CN=");
        assertThat(alice.path("transport").path("syslog").path("msgId").asText()).isEqualTo("IHE+RFC-3881");
        assertThat(alice.has("raw")).isFalse();
        // What the document does not hold is read again from the raw message: code systems, roles, types, names.
        assertThat(alice.path("eventId").path("system").asText()).isEqualTo("DCM");
        assertThat(alice.path("source").path("types").get(0).path("code").asText()).isEqualTo("4");
        assertThat(alice.path("participants").get(0).path("networkAccessPointType").asInt()).isEqualTo(2);
        assertThat(alice.path("objects").get(0).path("idType").path("display").asText()).isEqualTo("Patient Number");
        assertThat(alice.path("objects").get(0).path("name").asText()).isEqualTo("Doe^Jane");
        assertThat(alice.path("dialect").asText()).isEqualTo("dicom");
        JsonNode carol = page.path("items").get(0);
        assertThat(carol.path("validation").path("status").asText()).isEqualTo("warning");
    }

    @Test
    void detailHasTheXmlExactlyAsReceivedWithoutItsBom() {
        JsonNode page = ok(api.get("/api/v1/events" + query("source", SOURCE, "user", ALICE, "eventId", "110110"), auditor));
        String id = page.path("items").get(0).path("id").asText();
        JsonNode detail = ok(api.get("/api/v1/events/" + id, auditor));
        assertThat(detail.path("id").asText()).isEqualTo(id);
        assertThat(detail.path("raw").asText()).isEqualTo(MESSAGES.get(0));
        assertThat(api.get("/api/v1/events/" + UUID.randomUUID(), auditor).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/events/not%20an%20id", auditor).status()).isEqualTo(400);
    }

    @Test
    // Last: its Export event names every patient of this class's data, and the investigations count that as an access.
    @Order(Integer.MAX_VALUE)
    void csvExportHasTheHeaderOneRowPerEventAndDefusesFormulas() {
        ApiClient.Answer csv = api.get("/api/v1/events.csv" + query("source", SOURCE), officer);
        assertThat(csv.status()).isEqualTo(200);
        // Patient data: no browser or proxy keeps it, and no repeat is served from a cache without being audited.
        assertThat(csv.cacheControl()).isEqualTo("no-store");
        assertThat(api.get("/api/v1/events" + query("source", SOURCE), auditor).cacheControl()).isEqualTo("no-store");
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,eventTime,receivedAt,eventId,eventName,eventTypes,action,outcome,requestors,"
                + "participants,userNames,addresses,patients,objects,source,site,validation");
        assertThat(lines).hasSize(5);
        assertThat(csv.body()).contains(PATIENT_A).contains(PATIENT_B).contains("\"'=HYPERLINK(\"\"http://x\"\")\"")
                .doesNotContain(",=HYPERLINK");
    }

    @Test
    void quarantineListsTheMessageThatCouldNotBeReadWithItsReasons(TestStack stack) {
        // The set-up waits for the readable events only. The broken message cannot be normalized, so it is keyed by
        // its peer and can be on another partition, indexed a moment later: wait for it here.
        JsonNode broken = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(SearchIT::brokenMessageInQuarantine, Objects::nonNull);
        assertThat(broken.path("reasons").size()).isPositive();
        assertThat(broken.path("transport").path("protocol").asText()).isEqualTo("tls");
        assertThat(broken.path("receivedAt").asText()).isNotEmpty();
        assertThat(List.of("id", "receivedAt", "raw", "reasons", "transport")).allSatisfy(key ->
                assertThat(broken.has(key)).as(key + " in " + broken).isTrue());

        // Its detail is no event: nothing could be normalized, and the patient its text names is not shown as one, nor
        // named by the read's own record (a broken message could otherwise make its reader look at any patient).
        JsonNode detail;
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            detail = ok(api.get("/api/v1/events/" + broken.path("id").asText(), auditor));
            assertThat(events.collect("110101").stream().filter(e -> e.event().participants().stream()
                    .anyMatch(p -> auditor.user().equals(p.userId())))).singleElement()
                    .satisfies(e -> assertThat(e.event().patients()).isEmpty());
        }
        assertThat(detail.path("validation").path("status").asText()).isEqualTo("invalid");
        assertThat(detail.path("raw").asText()).contains("QPAT-" + TAG);
        assertThat(detail.path("patients").size()).isZero();
        // The fields the contract lists are there even when the message has no value for them (until 2026-11-28 they
        // were left out).
        assertThat(detail.path("source").isNull()).as(detail.toString()).isTrue();
        assertThat(List.of("id", "eventTime", "receivedAt", "eventId", "eventTypes", "action", "outcome", "source",
                "participants", "objects", "patients", "validation", "transport")).allSatisfy(key ->
                assertThat(detail.has(key)).as(key + " in " + detail).isTrue());
        assertThat(detail.path("sources").size()).isZero();
        assertThat(ok(api.get("/api/v1/events" + query("patient", "QPAT-" + TAG), auditor)).path("total").asLong()).isZero();
    }

    private static JsonNode brokenMessageInQuarantine() {
        JsonNode page = ok(api.get("/api/v1/quarantine" + query("size", "1000"), auditor));
        for (JsonNode item : page.path("items")) {
            if (item.path("raw").asText().contains(TAG)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void patientAccessesReportsWhoAccessedEachPatient() {
        JsonNode report = ok(api.get("/api/v1/investigations/patient-accesses"
                + query("patient", PATIENT, "patient", PATIENT_2, "from", "2026-01-01", "to", "2026-03-31"), officer));
        assertThat(report.path("events").asLong()).isEqualTo(3);
        JsonNode first = report.path("patients").get(0);
        assertThat(first.path("patient").asText()).isEqualTo(PATIENT);
        assertThat(first.path("events").asLong()).isEqualTo(2);
        Set<String> users = new HashSet<>();
        first.path("users").forEach(u -> users.add(u.path("user").asText()));
        assertThat(users).containsExactlyInAnyOrder(ALICE, BOB);
        JsonNode alice = first.path("users").get(0).path("user").asText().equals(ALICE) ? first.path("users").get(0)
                : first.path("users").get(1);
        assertThat(alice.path("events").asLong()).isEqualTo(1);
        assertThat(alice.path("requestor").asBoolean()).isTrue();
        assertThat(alice.path("first").asText()).isEqualTo("2026-03-10T09:00:00Z");
        assertThat(alice.path("eventIds").get(0).path("value").asText()).isEqualTo("110110");
        assertThat(alice.path("addresses").get(0).asText()).isEqualTo("10.0.0.1");
        assertThat(alice.path("sources").get(0).path("value").asText()).isEqualTo(SOURCE);
        JsonNode second = report.path("patients").get(1);
        assertThat(second.path("events").asLong()).isEqualTo(1);
        assertThat(second.path("users").get(0).path("user").asText()).isEqualTo(CAROL);
    }

    @Test
    void patientAccessesAnswersAThousandPatientsAtOnceInTheOrderGiven() {
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 998; i++) {
            patients.add("nobody-" + i + "^^^&1.2.3&ISO");
        }
        patients.add(500, PATIENT_2);
        patients.add(PATIENT_A);
        // March only: the reads of these patients' audit trails by other tests name them too (Audit Log Used).
        String[] parameters = new String[patients.size() * 2 + 4];
        for (int i = 0; i < patients.size(); i++) {
            parameters[2 * i] = "patient";
            parameters[2 * i + 1] = patients.get(i);
        }
        System.arraycopy(new String[] {"from", "2026-03-01", "to", "2026-03-31"}, 0, parameters, patients.size() * 2, 4);
        JsonNode report = ok(api.get("/api/v1/investigations/patient-accesses" + query(parameters), officer));
        assertThat(report.path("patients")).hasSize(1000);
        assertThat(report.path("events").asLong()).isEqualTo(2);
        assertThat(report.path("patients").get(500).path("patient").asText()).isEqualTo(PATIENT_2);
        assertThat(report.path("patients").get(500).path("users").get(0).path("user").asText()).isEqualTo(CAROL);
        assertThat(report.path("patients").get(999).path("users").get(0).path("user").asText()).isEqualTo(ALICE);
        assertThat(report.path("patients").get(0).path("events").asLong()).isZero();
        String[] tooMany = java.util.Arrays.copyOf(parameters, parameters.length + 2);
        tooMany[parameters.length] = "patient";
        tooMany[parameters.length + 1] = "one-too-many";
        assertThat(api.get("/api/v1/investigations/patient-accesses" + query(tooMany), officer).status()).isEqualTo(400);
    }

    @Test
    void userActivityReportsPatientsTouchedAndFailures() {
        JsonNode report = ok(api.get("/api/v1/investigations/user-activity" + query("user", ALICE), officer));
        assertThat(report.path("events").asLong()).isEqualTo(2);
        assertThat(report.path("patients").get(0).path("value").asText()).isEqualTo(PATIENT_A);
        assertThat(report.path("patients")).hasSize(1);
        assertThat(report.path("failures").path("events").asLong()).isEqualTo(1);
        assertThat(report.path("failures").path("eventIds").get(0).path("value").asText()).isEqualTo("110114");
        List<String> addresses = new ArrayList<>();
        report.path("addresses").forEach(a -> addresses.add(a.path("value").asText()));
        assertThat(addresses).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.3");
        assertThat(report.path("truncated")).as("every list whole").isEmpty();
    }

    @Test
    void userActivityShowsTheUsersOwnAddressesOnlyWhateverItsIdHolds() {
        JsonNode report = ok(api.get("/api/v1/investigations/user-activity" + query("user", DOTTED), officer));
        assertThat(report.path("events").asLong()).isEqualTo(1);
        // The other participant of the same event was at 10.9.9.2: not the user's address.
        assertThat(report.path("addresses")).hasSize(1);
        assertThat(report.path("addresses").get(0).path("value").asText()).isEqualTo("10.9.9.1");
        assertThat(report.path("addresses").get(0).path("events").asLong()).isEqualTo(1);
        JsonNode other = ok(api.get("/api/v1/investigations/user-activity" + query("user", "pacs-" + TAG), officer));
        assertThat(other.path("addresses").get(0).path("value").asText()).isEqualTo("10.9.9.2");
        assertThat(other.path("addresses")).hasSize(1);
    }

    /**
     * A month Elasticsearch cannot search (closed by an operator) fails an investigation instead of being left out of
     * its counts: until 2026-11-28 its events silently did not count, and the read was recorded with the smaller total.
     */
    @Test
    void investigationsFailRatherThanLeaveAClosedMonthOut(TestStack stack) throws Exception {
        String month = stack.elasticsearchUrl() + "/audit-events-2026.03";
        Indexed.send(month + "/_close", null);
        try {
            assertThat(api.get("/api/v1/investigations/user-activity" + query("user", ALICE), officer).status()).isEqualTo(503);
            assertThat(api.get("/api/v1/investigations/patient-accesses" + query("patient", PATIENT), officer).status())
                    .isEqualTo(503);
            // ITI-81 too: Elasticsearch refuses a closed index with 400, but the search is valid (until 2026-11-28 the
            // FHIR endpoint answered 400 "not-supported" for any date).
            ApiClient.Answer fhir = api.get("/fhir/AuditEvent?date=ge2026-01-01", auditor);
            assertThat(fhir.status()).as(fhir.body()).isEqualTo(503);
            assertThat(fhir.json().path("issue").get(0).path("code").asText()).isEqualTo("transient");
        } finally {
            Indexed.send(month + "/_open", null);
            Indexed.get(stack.elasticsearchUrl() + "/_cluster/health/audit-events-2026.03?wait_for_status=yellow&timeout=60s");
        }
        assertThat(ok(api.get("/api/v1/investigations/user-activity" + query("user", ALICE), officer)).path("events").asLong())
                .isEqualTo(2);
    }

    /** The user of each match of a search restricted to this test's source, newest first. */
    private static List<String> search(String... filters) {
        String[] all = new String[filters.length + 2];
        System.arraycopy(filters, 0, all, 0, filters.length);
        all[filters.length] = "source";
        all[filters.length + 1] = SOURCE;
        JsonNode page = ok(api.get("/api/v1/events" + query(all), auditor));
        List<String> users = new ArrayList<>();
        page.path("items").forEach(item -> users.add(item.path("participants").get(0).path("userId").asText()));
        assertThat(page.path("total").asLong()).isEqualTo(users.size());
        return users;
    }

    static JsonNode ok(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }
}

package arr.query;

import static arr.query.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IHE ITI-81 against the whole stack: messages go in through the collector over mutual TLS and come out of
 * {@code /fhir/AuditEvent} as FHIR R4 AuditEvents in searchset Bundles, read back with HAPI's parsers as an ITI-81
 * client would.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
class FhirIT {

    static final String TAG = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String SOURCE = "fhir-it-" + TAG;
    static final String PATIENT = "PF-" + TAG;
    static final String ALICE = "alice-" + TAG;
    static final String OID_A = "2.16.840.1.113883.3.72.5.9.1";
    static final String OID_B = "2.16.840.1.113883.3.72.5.9.2";
    static final String BOB = "bob-" + TAG;
    /** Patients written in other CX forms, and IDs and OIDs that only begin like the one searched. */
    static final String FORMS = "fhir-it-forms-" + TAG;
    /** A registry query (a system object of role 24 and a patient) and a patient record, for entity-type and entity-role. */
    static final String QUERIES = "fhir-it-queries-" + TAG;
    static final FhirContext R4 = FhirContext.forR4Cached();

    static ApiClient api;
    static ApiClient.Login auditor;

    @BeforeAll
    static void sendMessages(TestStack stack) throws Exception {
        api = new ApiClient(stack.url(Part.QUERY_API));
        auditor = ApiClient.Login.of(stack, "AUDITOR");
        Devices.send(stack, List.of(
                Messages.dicomPatientRecord("2016-07-10T10:00:00+02:00", "R", 0, ALICE, "Alice", "10.7.0.1", SOURCE,
                        PATIENT + "^^^&" + OID_A + "&ISO", "Doe^Jane"),
                Messages.rfc3881PatientFeed("2016-07-11T09:00:00-05:00", BOB, "Bob", "10.7.0.2", SOURCE, PATIENT + "^^^&" + OID_B + "&ISO"),
                Messages.dicom2014Login("2016-07-12T08:00:00+02:00", 4, ALICE, "10.7.0.3", SOURCE),
                Messages.dicomPatientRecord("2016-08-01T08:00:00Z", "U", 0, BOB, "Bob", "10.7.0.4", SOURCE, "PX-" + TAG, "Roe^R")));
        Devices.send(stack, List.of(
                Messages.dicomPatientRecord("2016-09-01T08:00:00Z", "R", 0, "namespace-and-type", "N", "10.7.1.1", FORMS,
                        PATIENT + "^^^HOSP&" + OID_A + "&ISO^PI", "A^B"),
                Messages.dicomPatientRecord("2016-09-02T08:00:00Z", "R", 0, "longer-id", "N", "10.7.1.2", FORMS,
                        PATIENT + "t^^^&" + OID_A + "&ISO", "A^B"),
                Messages.dicomPatientRecord("2016-09-03T08:00:00Z", "R", 0, "longer-oid", "N", "10.7.1.3", FORMS,
                        PATIENT + "^^^&" + OID_A + "4&ISO", "A^B"),
                Messages.dicomPatientRecord("2016-09-04T08:00:00Z", "R", 0, "dot-in-oid-read-as-any", "N", "10.7.1.4", FORMS,
                        PATIENT + "^^^&" + OID_A.replace("3.72", "3x72") + "&ISO", "A^B"),
                Messages.dicomPatientRecord("2016-09-05T08:00:00Z", "R", 0, "canonical", "N", "10.7.1.5", FORMS,
                        PATIENT + "^^^&" + OID_A + "&ISO", "A^B"),
                Messages.dicomPatientRecord("2016-09-06T08:00:00Z", "R", 0, "double-escaped", "N", "10.7.1.6", FORMS,
                        PATIENT + "^^^&amp;" + OID_A + "&amp;ISO", "A^B"),
                Messages.dicomPatientRecord("2016-09-07T08:00:00Z", "R", 0, "oid-as-namespace", "N", "10.7.1.7", FORMS,
                        PATIENT + "^^^" + OID_A, "A^B"),
                Messages.dicomPatientRecord("2016-09-08T08:00:00Z", "R", 0, "blanks", "N", "10.7.1.8", FORMS,
                        " " + PATIENT + " ^^^& " + OID_A + " &ISO", "A^B")));
        Devices.send(stack, List.of(
                Messages.iheRegistryQuery("2016-10-01T08:00:00Z", "carol", "10.7.2.1", QUERIES, PATIENT + "^^^&" + OID_A + "&ISO"),
                Messages.dicomPatientRecord("2016-10-02T08:00:00Z", "R", 0, "dave", "Dave", "10.7.2.2", QUERIES, PATIENT, "A^B")));
        Indexed.until(stack.elasticsearchUrl(), "audit-events", "sources.id", SOURCE, 4);
        Indexed.until(stack.elasticsearchUrl(), "audit-events", "sources.id", QUERIES, 2);
        Indexed.until(stack.elasticsearchUrl(), "audit-events", "sources.id", FORMS, 8);
    }

    @Test
    void aSearchIsASearchsetBundleOfAuditEventsNewestFirstWithAnExactTotal() {
        ApiClient.Answer answer = api.get("/fhir/AuditEvent" + query("date", "ge2016-07-01", "date", "lt2016-08", "source", SOURCE),
                auditor);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/fhir+json");
        assertThat(answer.cacheControl()).isEqualTo("no-store");
        Bundle bundle = R4.newJsonParser().parseResource(Bundle.class, answer.body());
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(bundle.getTotal()).isEqualTo(3);
        List<AuditEvent> events = events(bundle);
        assertThat(events).extracting(e -> e.getType().getCode()).containsExactly("110114", "110110", "110110");
        assertThat(events).extracting(e -> e.getRecordedElement().getValueAsString())
                .containsExactly("2016-07-12T08:00:00+02:00", "2016-07-11T09:00:00-05:00", "2016-07-10T10:00:00+02:00");
        AuditEvent feed = events.get(1);
        assertThat(feed.getSubtypeFirstRep().getSystem()).isEqualTo("urn:ihe:event-type-code");
        assertThat(feed.getSubtypeFirstRep().getCode()).isEqualTo("ITI-8");
        assertThat(feed.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("110153");
        assertThat(feed.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(BOB);
        assertThat(feed.getSource().getObserver().getIdentifier().getValue()).isEqualTo(SOURCE);
        assertThat(feed.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo(PATIENT);
        assertThat(feed.getEntityFirstRep().getWhat().getIdentifier().getSystem()).isEqualTo("urn:oid:" + OID_B);
        assertThat(bundle.getEntryFirstRep().getFullUrl()).endsWith("/fhir/AuditEvent/" + events.get(0).getIdPart());
        assertThat(bundle.getLink("self").getUrl()).contains("/fhir/AuditEvent?").contains("date=ge2016-07-01")
                .contains("source=" + SOURCE);
    }

    @Test
    void everySearchParameterFindsExactlyItsEvents() {
        assertThat(users("patient.identifier", PATIENT)).containsExactly(BOB, ALICE);
        assertThat(users("patient.identifier", "urn:oid:" + OID_A + "|" + PATIENT)).containsExactly(ALICE);
        assertThat(users("agent", ALICE)).containsExactly(ALICE, ALICE);
        assertThat(users("address", "10.7.0.2")).containsExactly(BOB);
        assertThat(users("type", "http://dicom.nema.org/resources/ontology/DCM|110114")).containsExactly(ALICE);
        assertThat(users("subtype", "ITI-8")).containsExactly(BOB);
        assertThat(users("action", "C")).containsExactly(BOB);
        assertThat(users("outcome", "4")).containsExactly(ALICE);
        assertThat(users("entity", "PX-" + TAG)).containsExactly(BOB);
        assertThat(users("site", "Hospital-1")).as("every AuditEnterpriseSiteID but the login's").containsExactly(BOB, BOB, ALICE);
        assertThat(users("site", "hospital-1")).as("a token, matched as sent").isEmpty();
        assertThat(users("date", "2016-07-11")).containsExactly(BOB);
        assertThat(users("date", "gt2016-07")).containsExactly(BOB);
    }

    /**
     * A list is any of its values, a repeated parameter all of them, and {@code address} a FHIR string: a prefix, or
     * with {@code :exact} the whole value (until 2026-11-28 lists and repeats were refused and the address was exact).
     */
    @Test
    void listsMatchAnyValueRepeatsMatchAllAndAnAddressIsAPrefix() {
        assertThat(users("outcome", "4,8,12")).containsExactly(ALICE);
        assertThat(users("action", "C,U")).containsExactly(BOB, BOB);
        assertThat(users("type", "110110,110114")).containsExactly(BOB, ALICE, BOB, ALICE);
        assertThat(users("agent", ALICE + "," + BOB)).containsExactly(BOB, ALICE, BOB, ALICE);
        assertThat(users("agent", ALICE, "agent", BOB)).as("no event has both").isEmpty();
        assertThat(users("address", "10.7.0")).containsExactly(BOB, ALICE, BOB, ALICE);
        assertThat(users("address", "10.7.0.2,10.7.0.4")).containsExactly(BOB, BOB);
        assertThat(users("address:exact", "10.7.0")).isEmpty();
        assertThat(users("address:exact", "10.7.0.3")).containsExactly(ALICE);
    }

    /**
     * {@code entity-type} and {@code entity-role} match any of an event's objects, each parameter on its own as FHIR
     * searches a repeating element (refused until 2026-11-28, when the document did not hold them).
     */
    @Test
    void entityTypeAndRoleFindTheEventsHoldingSuchAnObject() {
        assertThat(queriesUsers("entity-type", "2")).containsExactly("carol");
        assertThat(queriesUsers("entity-role", "http://terminology.hl7.org/CodeSystem/object-role|24")).containsExactly("carol");
        assertThat(queriesUsers("entity-type", "http://terminology.hl7.org/CodeSystem/audit-entity-type|1")).containsExactly("dave", "carol");
        assertThat(queriesUsers("entity-type", "2", "entity-role", "1")).as("the query and the patient, two objects").containsExactly("carol");
        assertThat(queriesUsers("entity-role", "3,4")).isEmpty();
        assertThat(queriesUsers("entity-role", "1,24", "entity-type", "1")).containsExactly("dave", "carol");
    }

    private static List<String> queriesUsers(String... parameters) {
        List<String> all = new ArrayList<>(List.of(parameters));
        all.addAll(List.of("date", "2016-10", "source", QUERIES));
        ApiClient.Answer answer = api.get("/fhir/AuditEvent" + query(all.toArray(String[]::new)), auditor);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return events(R4.newJsonParser().parseResource(Bundle.class, answer.body())).stream()
                .map(e -> e.getAgentFirstRep().getWho().getIdentifier().getValue()).toList();
    }

    @Test
    void aPatientIdentifierWithItsAuthoritysOidFindsThatPatientInEveryCxSpellingReadAsThatIdAndAuthority() {
        ApiClient.Answer answer = api.get("/fhir/AuditEvent" + query("date", "2016-09", "source", FORMS, "patient.identifier",
                "urn:oid:" + OID_A + "|" + PATIENT), auditor);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(events(R4.newJsonParser().parseResource(Bundle.class, answer.body())))
                .extracting(e -> e.getAgentFirstRep().getWho().getIdentifier().getValue())
                .containsExactly("blanks", "oid-as-namespace", "double-escaped", "canonical", "namespace-and-type");
    }

    @Test
    void fhirClientsAskingForFhirMediaTypesGetThem() {
        String path = "/fhir/AuditEvent" + query("date", "2016-07-10", "source", SOURCE);
        for (String accept : List.of("application/fhir+json", "application/fhir+json;q=1.0, application/json+fhir;q=0.9",
                "application/json", "*/*")) {
            ApiClient.Answer answer = api.get(path, auditor, accept);
            assertThat(answer.status()).as(accept).isEqualTo(200);
            assertThat(answer.contentType()).as(accept).startsWith("application/fhir+json");
        }
        for (String accept : List.of("application/fhir+xml", "application/xml")) {
            ApiClient.Answer answer = api.get(path, auditor, accept);
            assertThat(answer.status()).as(accept).isEqualTo(200);
            assertThat(answer.contentType()).as(accept).startsWith("application/fhir+xml");
            assertThat(events(R4.newXmlParser().parseResource(Bundle.class, answer.body()))).hasSize(1);
        }
    }

    @Test
    void aCursorOfTheJsonSearchIsNotTakenByTheFhirSearch() {
        String cursor = SearchIT.ok(api.get("/api/v1/events" + query("source", SOURCE, "size", "1"), auditor)).path("next").asText();
        ApiClient.Answer answer = api.get("/fhir/AuditEvent" + query("date", "2016", "source", SOURCE, "_cursor", cursor), auditor);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(R4.newJsonParser().parseResource(OperationOutcome.class, answer.body()).getIssueFirstRep().getDiagnostics())
                .contains("another query");
    }

    @Test
    void nextLinksPageThroughEveryMatchOnceAndReadsResolveTheEntries() {
        List<String> ids = new ArrayList<>();
        String url = "/fhir/AuditEvent" + query("date", "2016", "source", SOURCE, "_count", "1");
        int pages = 0;
        while (url != null) {
            ApiClient.Answer answer = api.get(url, auditor);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            Bundle bundle = R4.newJsonParser().parseResource(Bundle.class, answer.body());
            assertThat(bundle.getTotal()).isEqualTo(4);
            assertThat(bundle.getEntry()).hasSize(1);
            ids.add(bundle.getEntryFirstRep().getResource().getIdPart());
            Bundle.BundleLinkComponent next = bundle.getLink("next");
            url = next == null ? null : next.getUrl().substring(next.getUrl().indexOf("/fhir/"));
            pages++;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(ids).doesNotHaveDuplicates();
        ApiClient.Answer read = api.get("/fhir/AuditEvent/" + ids.get(0), auditor);
        assertThat(read.status()).isEqualTo(200);
        assertThat(R4.newJsonParser().parseResource(AuditEvent.class, read.body()).getIdPart()).isEqualTo(ids.get(0));
        ApiClient.Answer missing = api.get("/fhir/AuditEvent/" + UUID.randomUUID(), auditor);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(R4.newJsonParser().parseResource(OperationOutcome.class, missing.body()).getIssueFirstRep().getCode())
                .isEqualTo(OperationOutcome.IssueType.NOTFOUND);
    }

    @Test
    void xmlIsServedWhenAskedForOnEveryPage() {
        ApiClient.Answer answer = api.get("/fhir/AuditEvent" + query("date", "2016-07", "source", SOURCE, "_format", "xml",
                "_count", "2"), auditor);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/fhir+xml");
        Bundle bundle = R4.newXmlParser().parseResource(Bundle.class, answer.body());
        assertThat(events(bundle)).extracting(e -> e.getAgentFirstRep().getWho().getIdentifier().getValue()).containsExactly(ALICE, BOB);
        assertThat(bundle.getLink("self").getUrl()).contains("_format=xml");
        String next = bundle.getLink("next").getUrl();
        assertThat(next).contains("_format=xml");
        ApiClient.Answer second = api.get(next.substring(next.indexOf("/fhir/")), auditor);
        assertThat(second.contentType()).startsWith("application/fhir+xml");
        assertThat(events(R4.newXmlParser().parseResource(Bundle.class, second.body())))
                .extracting(e -> e.getAgentFirstRep().getWho().getIdentifier().getValue()).containsExactly(ALICE);
    }

    @Test
    void aSearchItCannotAnswerExactlyIsA400OperationOutcome() {
        for (String parameters : List.of(query("source", SOURCE), query("date", "2016", "entity-name", "x"),
                query("date", "yesterday"), query("date", "2016", "_format", "csv"), query("date", "2016", "_cursor", "forged"),
                query("date", "2016", "patient.identifier", "urn:oid:" + OID_A + "|" + "-".repeat(450)))) {
            ApiClient.Answer answer = api.get("/fhir/AuditEvent" + parameters, auditor);
            assertThat(answer.status()).as(parameters).isEqualTo(400);
            assertThat(answer.contentType()).as(parameters).startsWith("application/fhir+json");
            OperationOutcome outcome = R4.newJsonParser().parseResource(OperationOutcome.class, answer.body());
            assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(outcome.getIssueFirstRep().getDiagnostics()).as(parameters).isNotBlank().doesNotContain("Exception");
        }
    }

    @Test
    void aSearchByPostTakesItsParametersFromTheFormBodyAndTheUrlAndItsNextLinksAreGetSearches() {
        String form = "application/x-www-form-urlencoded";
        Bundle byGet = R4.newJsonParser().parseResource(Bundle.class, api.get("/fhir/AuditEvent"
                + query("date", "ge2016-07-01", "date", "le2016-08-31", "source", SOURCE), auditor).body());
        ApiClient.Answer answer = api.post("/fhir/AuditEvent/_search" + query("source", SOURCE), auditor, form,
                "date=ge2016-07-01&date=le2016-08-31&_count=1&_format=xml");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/fhir+xml");
        Bundle first = R4.newXmlParser().parseResource(Bundle.class, answer.body());
        assertThat(first.getTotal()).isEqualTo(byGet.getTotal()).isPositive();
        assertThat(events(first)).hasSize(1);
        assertThat(first.getEntryFirstRep().getResource().getIdPart()).isEqualTo(byGet.getEntryFirstRep().getResource().getIdPart());
        String next = first.getLink("next").getUrl();
        assertThat(next).contains("/fhir/AuditEvent?");
        ApiClient.Answer second = api.get(next.substring(next.indexOf("/fhir/")), auditor);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(R4.newXmlParser().parseResource(Bundle.class, second.body()).getEntryFirstRep().getResource().getIdPart())
                .isEqualTo(byGet.getEntry().get(1).getResource().getIdPart());

        for (String body : List.of("date=%zz", "date=2016&entity-name=x", "source=" + SOURCE)) {
            ApiClient.Answer refused = api.post("/fhir/AuditEvent/_search", auditor, form, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(R4.newJsonParser().parseResource(OperationOutcome.class, refused.body()).getIssueFirstRep()
                    .getDiagnostics()).as(body).isNotBlank();
        }
        assertThat(api.post("/fhir/AuditEvent/_search", null, form, "date=2016").status()).isEqualTo(401);
        ApiClient.Answer latin1 = api.post("/fhir/AuditEvent/_search", auditor, form + "; charset=ISO-8859-1",
                "date=2016&agent=M%FCller");
        assertThat(latin1.status()).isEqualTo(400);
        assertThat(latin1.body()).contains("UTF-8");
        // Micronaut reads the body before the controller: an unknown charset is its own 400 (problem+json).
        ApiClient.Answer unknown = api.post("/fhir/AuditEvent/_search", auditor, form + "; charset=no-such-charset", "date=2016");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("send UTF-8");
    }

    @Test
    void aCountOfZeroAnswersTheTotalAloneAndIsRecordedAsARead() {
        String[] parameters = {"date", "ge2016-07-01", "date", "le2016-08-31", "source", SOURCE};
        Bundle all = R4.newJsonParser().parseResource(Bundle.class, api.get("/fhir/AuditEvent" + query(parameters), auditor).body());
        List<String> withZero = new ArrayList<>(List.of(parameters));
        withZero.addAll(List.of("_count", "0"));
        ApiClient.Answer answer = api.get("/fhir/AuditEvent" + query(withZero.toArray(String[]::new)), auditor);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Bundle totalAlone = R4.newJsonParser().parseResource(Bundle.class, answer.body());
        assertThat(totalAlone.getTotal()).isEqualTo(all.getTotal()).isPositive();
        assertThat(totalAlone.getEntry()).isEmpty();
        assertThat(totalAlone.getLink("next")).isNull();
        assertThat(totalAlone.getLink("self").getUrl()).contains("_count=0");
    }

    @Test
    void theCapabilityStatementIsOpenAndNamesTheAuditEventSearch() {
        ApiClient.Answer answer = api.get("/fhir/metadata", null, "application/fhir+json");
        assertThat(answer.status()).isEqualTo(200);
        org.hl7.fhir.r4.model.CapabilityStatement statement = R4.newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.CapabilityStatement.class, answer.body());
        assertThat(statement.getRestFirstRep().getResourceFirstRep().getType()).isEqualTo("AuditEvent");
        assertThat(statement.getRestFirstRep().getResourceFirstRep().getSearchParam())
                .extracting(org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                .contains("date", "patient.identifier");
    }

    private static List<String> users(String... parameters) {
        List<String> all = new ArrayList<>(List.of(parameters));
        if (!all.contains("date")) {
            all.addAll(List.of("date", "ge2016-07-01", "date", "le2016-08-31"));
        }
        all.addAll(List.of("source", SOURCE));
        ApiClient.Answer answer = api.get("/fhir/AuditEvent" + query(all.toArray(String[]::new)), auditor);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Bundle bundle = R4.newJsonParser().parseResource(Bundle.class, answer.body());
        List<String> users = events(bundle).stream().map(e -> e.getAgentFirstRep().getWho().getIdentifier().getValue()).toList();
        assertThat(bundle.getTotal()).isEqualTo(users.size());
        return users;
    }

    private static List<AuditEvent> events(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
    }
}

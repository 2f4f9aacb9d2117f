package arr.query;

import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.event.ActiveParticipant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may call what (CONTRACT.md §4 roles), the login throttle, and failed logins in the audit trail. */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
class AccessControlIT {

    static final List<String> AUDITOR_ENDPOINTS = List.of("/api/v1/events", "/api/v1/events/" + UUID.randomUUID(),
            "/api/v1/quarantine", "/fhir/AuditEvent?date=1989-01-02", "/fhir/AuditEvent/" + UUID.randomUUID());
    static final List<String> OFFICER_ENDPOINTS = List.of("/api/v1/events.csv",
            "/api/v1/investigations/patient-accesses?patient=x", "/api/v1/investigations/user-activity?user=x",
            "/api/v1/reports", "/api/v1/reports/runs", "/api/v1/reports/runs/" + UUID.randomUUID(),
            "/api/v1/reports/runs/" + UUID.randomUUID() + "/report.pdf");

    static TestStack stack;
    static ApiClient api;
    static ApiClient.Login auditor;
    static ApiClient.Login officer;
    static ApiClient.Login admin;

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
        api = new ApiClient(stack.url(Part.QUERY_API));
        auditor = ApiClient.Login.of(stack, "AUDITOR");
        officer = ApiClient.Login.of(stack, "OFFICER");
        admin = ApiClient.Login.of(stack, "ADMIN");
    }

    @Test
    void everyEndpointWithoutCredentialsIs401WithABasicChallenge() {
        for (String path : concat(AUDITOR_ENDPOINTS, OFFICER_ENDPOINTS, List.of("/prometheus", "/api/v1/nothing-here"))) {
            ApiClient.Answer answer = api.get(path, null);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.contentType()).as(path).isEqualTo("application/problem+json");
        }
        assertThat(api.get("/health", null).status()).isEqualTo(200);
        assertThat(api.get("/openapi.yml", null).body()).contains("openapi:").contains("/api/v1/events");
    }

    @Test
    void anAuditorMayNotExportOrInvestigate() {
        for (String path : OFFICER_ENDPOINTS) {
            ApiClient.Answer answer = api.get(path, auditor);
            assertThat(answer.status()).as(path).isEqualTo(403);
            assertThat(answer.contentType()).as(path).isEqualTo("application/problem+json");
        }
        for (String path : AUDITOR_ENDPOINTS) {
            assertThat(api.get(path, auditor).status()).as(path).isIn(200, 404);
        }
        for (String path : concat(AUDITOR_ENDPOINTS, OFFICER_ENDPOINTS, List.of())) {
            assertThat(api.get(path, officer).status()).as(path).isIn(200, 404);
        }
    }

    @Test
    void onlyAPrivacyOfficerOrAnAdminMayRunAReport() {
        String period = "{\"from\":\"1989-01-01\",\"to\":\"1989-01-31\"}";
        assertThat(api.post("/api/v1/reports/security-alerts/runs", null, period).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/reports/security-alerts/runs", auditor, period).status()).isEqualTo(403);
        for (ApiClient.Login login : List.of(officer, admin)) {
            assertThat(api.get("/api/v1/reports", login).status()).isEqualTo(200);
            assertThat(api.post("/api/v1/reports/security-alerts/runs", login, period).status()).isEqualTo(202);
        }
    }

    @Test
    void onlyAnAdminMayReadTheMetrics() {
        assertThat(api.get("/prometheus", auditor).status()).isEqualTo(403);
        assertThat(api.get("/prometheus", officer).status()).isEqualTo(403);
        assertThat(api.get("/prometheus/", auditor).status()).as("with a trailing slash").isEqualTo(403);
        assertThat(api.get("/prometheus/", officer).status()).isEqualTo(403);
        ApiClient.Answer metrics = api.get("/prometheus", admin);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds");
    }

    @Test
    void aWrongPasswordIs401AndRecordedAsAFailedUserAuthentication() {
        String user = "mallory-" + UUID.randomUUID();
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            assertThat(api.get("/api/v1/events", new ApiClient.Login(user, "guess")).status()).isEqualTo(401);
            List<AuditEnvelope> logins = events.collect("110114").stream()
                    .filter(e -> e.event().participants().stream().anyMatch(p -> user.equals(p.userId()))).toList();
            assertThat(logins).hasSize(1);
            var event = logins.get(0).event();
            assertThat(event.outcome()).isEqualTo(4);
            assertThat(event.eventTypes().get(0).code()).isEqualTo("110122");
            ActiveParticipant claimed = event.participants().stream().filter(p -> user.equals(p.userId())).findFirst().orElseThrow();
            assertThat(claimed.networkAccessPointId()).isEqualTo("127.0.0.1");
            assertThat(logins.get(0).validation().status().wireName()).isEqualTo("valid");
        }
    }

    @Test
    void fiveFailedLoginsLockTheUserOut() throws Exception {
        String intruder = "intruder-" + UUID.randomUUID();
        ApiClient.Login wrong = new ApiClient.Login(intruder, "guess");
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            for (int i = 0; i < 5; i++) {
                assertThat(api.statusFrom("127.0.0.7", "/api/v1/events", wrong)).isEqualTo(401);
            }
            // Each failure is recorded; the one that locks out as a serious failure (8, excess retries).
            List<Integer> outcomes = events.collect("110114").stream()
                    .filter(e -> e.event().participants().stream().anyMatch(p -> intruder.equals(p.userId())))
                    .map(e -> e.event().outcome()).toList();
            assertThat(outcomes).containsExactlyInAnyOrder(4, 4, 4, 4, 8);
        }
        // The user name is locked, from anywhere; another user at the same address is not (an address is shared).
        assertThat(api.statusFrom("127.0.0.7", "/api/v1/events", wrong)).isEqualTo(429);
        assertThat(api.statusFrom("127.0.0.8", "/api/v1/events", wrong)).isEqualTo(429);
        assertThat(api.statusFrom("127.0.0.7", "/api/v1/events", auditor)).isEqualTo(200);
        assertThat(api.statusFrom("127.0.0.8", "/api/v1/events", auditor)).isEqualTo(200);
    }

    /** Twenty failed logins from one address, whatever the user names, lock the address out, even for a correct login. */
    @Test
    void twentyFailedLoginsFromOneAddressLockItOut() throws Exception {
        for (int i = 0; i < 20; i++) {
            ApiClient.Login guess = new ApiClient.Login("sprayed-" + i + "-" + UUID.randomUUID(), "guess");
            assertThat(api.statusFrom("127.0.0.11", "/api/v1/events", guess)).isEqualTo(401);
        }
        assertThat(api.statusFrom("127.0.0.11", "/api/v1/events", auditor)).isEqualTo(429);
        assertThat(api.statusFrom("127.0.0.12", "/api/v1/events", auditor)).isEqualTo(200);
    }

    /**
     * A request a browser makes for another site (an image on a page elsewhere pointing at an export) is refused before
     * anything is read or recorded in the officer's name; tools, which send neither header, and the same origin are
     * served.
     */
    @Test
    void requestsABrowserMakesForAnotherSiteAreRefused() {
        String export = "/api/v1/events.csv?source=nothing-here";
        assertThat(api.get(export, officer, java.util.Map.of("Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);
        assertThat(api.get(export, officer, java.util.Map.of("Sec-Fetch-Site", "same-site")).status()).isEqualTo(403);
        assertThat(api.get(export, officer, java.util.Map.of("Origin", "https://evil.example")).status()).isEqualTo(403);
        assertThat(api.get(export, officer, java.util.Map.of("Origin", "null")).status()).isEqualTo(403);
        String self = java.net.URI.create(stack.url(Part.QUERY_API)).getAuthority();
        assertThat(api.get(export, officer, java.util.Map.of("Origin", "http://" + self, "Sec-Fetch-Site", "same-origin"))
                .status()).isEqualTo(200);
        assertThat(api.get(export, officer, java.util.Map.of("Sec-Fetch-Site", "none")).status()).as("typed in the address bar")
                .isEqualTo(200);
        assertThat(api.get(export, officer).status()).isEqualTo(200);
        // Without credentials there is nothing to abuse: the open endpoints answer a link followed from elsewhere.
        assertThat(api.get("/health", null, java.util.Map.of("Sec-Fetch-Site", "cross-site")).status()).isEqualTo(200);
    }

    /**
     * Failed logins with an empty user name (Basic Ong=) lock that name and their address out, never the requests that
     * carry no credentials: until 2026-11-28 these shared the empty name's entry, so five such failures made /health
     * answer 429 to everyone.
     */
    @Test
    void failedLoginsWithAnEmptyUserNameLockOutNoRequestWithoutCredentials() throws Exception {
        ApiClient.Login empty = new ApiClient.Login("", "x");
        for (int i = 0; i < 5; i++) {
            assertThat(api.statusFrom("127.0.0.9", "/health", empty)).as("a failed login").isIn(401, 200);
        }
        assertThat(api.statusFrom("127.0.0.9", "/health", empty)).isEqualTo(429);
        assertThat(api.statusFrom("127.0.0.10", "/health", empty)).as("the empty name, from elsewhere").isEqualTo(429);
        assertThat(api.statusFrom("127.0.0.10", "/health", null)).isEqualTo(200);
        assertThat(api.statusFrom("127.0.0.9", "/health", null)).as("even from the locked address").isEqualTo(200);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}

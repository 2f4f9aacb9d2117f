package arr.query;

import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.envelope.AuditEnvelope;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Legal holds through the API (CONTRACT.md §4: admin): placed, listed and released by an admin only, each change
 * recorded as a Security Alert naming the admin and the hold, and stored where the indexer's retention reads it.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.QUERY_API})
class LegalHoldsIT {

    private static ApiClient api;
    private static ApiClient.Login admin;
    private static ApiClient.Login officer;
    private static TestStack stack;

    @BeforeAll
    static void logins(TestStack testStack) {
        stack = testStack;
        api = new ApiClient(stack.url(Part.QUERY_API));
        admin = ApiClient.Login.of(stack, "ADMIN");
        officer = ApiClient.Login.of(stack, "OFFICER");
    }

    @Test
    void anAdminPlacesListsAndReleasesAHoldAndEachChangeIsRecorded() throws Exception {
        String patient = "HELD-" + UUID.randomUUID() + "^^^&1.2.3&ISO";
        JsonNode hold;
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            ApiClient.Answer placed = api.post("/api/v1/legal-holds", admin,
                    "{\"kind\":\"patient\",\"value\":\"" + patient + "\",\"reason\":\"litigation 2026-17\"}");
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            hold = placed.json();
            assertThat(hold.path("value").asText()).isEqualTo(patient);
            assertThat(hold.path("createdBy").asText()).isEqualTo(admin.user());
            assertThat(hold.has("releasedAt")).isTrue();
            assertThat(hold.path("releasedAt").isNull()).isTrue();
            assertThat(placed.headers().firstValue("Location")).contains("/api/v1/legal-holds/" + hold.path("id").asText());
            List<AuditEnvelope> alerts = events.collect("110113");
            assertThat(alerts).anySatisfy(alert -> {
                assertThat(alert.event().participants().get(0).userId()).isEqualTo(admin.user());
                assertThat(alert.event().objects().get(0).id()).endsWith(hold.path("id").asText());
                assertThat(alert.validation().status().wireName()).isEqualTo("valid");
            });
        }
        String id = hold.path("id").asText();
        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            JsonNode listed = api.get("/api/v1/legal-holds", admin).json();
            assertThat(listed.path("items").findValuesAsText("id")).contains(id);
            // The list names the held patients: recorded as a read about them.
            assertThat(events.collect("110101")).anySatisfy(read -> assertThat(read.event().patients())
                    .anySatisfy(p -> assertThat(p.cx()).isEqualTo(patient)));
        }
        // Stored where the indexer's retention reads the active holds.
        JsonNode stored = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Indexed.get(stack.elasticsearchUrl() + "/audit-legal-holds/_doc/" + id));
        assertThat(stored.path("_source").path("kind").asText()).isEqualTo("patient");

        assertThat(api.get("/api/v1/legal-holds", officer).status()).as("a privacy officer may not").isEqualTo(403);
        assertThat(api.post("/api/v1/legal-holds", officer, "{\"kind\":\"source\",\"value\":\"x\",\"reason\":\"y\"}").status())
                .isEqualTo(403);
        assertThat(api.delete("/api/v1/legal-holds/" + id, officer).status()).isEqualTo(403);

        try (OwnAuditEvents events = new OwnAuditEvents(stack.kafkaBootstrap())) {
            ApiClient.Answer released = api.delete("/api/v1/legal-holds/" + id, admin);
            assertThat(released.status()).as(released.body()).isEqualTo(200);
            assertThat(released.json().path("releasedBy").asText()).isEqualTo(admin.user());
            assertThat(events.collect("110113")).anySatisfy(alert -> assertThat(alert.event().objects().get(0).details().get(0)
                    .text()).contains(" released ").contains(id));
        }
        ApiClient.Answer again = api.delete("/api/v1/legal-holds/" + id, admin);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("was released by");
        assertThat(api.delete("/api/v1/legal-holds/" + UUID.randomUUID(), admin).status()).isEqualTo(404);
    }

    @Test
    void aHoldWithoutItsFieldsIsA400NamingWhatIsMissing() {
        assertThat(api.post("/api/v1/legal-holds", admin, "{\"kind\":\"study\",\"value\":\"x\",\"reason\":\"y\"}").body())
                .contains("kind");
        ApiClient.Answer noReason = api.post("/api/v1/legal-holds", admin, "{\"kind\":\"source\",\"value\":\"pacs\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason is required");
        ApiClient.Answer unknown = api.post("/api/v1/legal-holds", admin, "{\"kind\":\"source\",\"value\":\"pacs\",\"reason\":\"y\",\"until\":\"2030\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown field 'until'");
        assertThat(api.post("/api/v1/legal-holds", admin, "{\"kind\":\"source\",\"value\":7,\"reason\":\"y\"}").status()).isEqualTo(400);
    }

    /** The indexer's last retention run, as it stores it, shown to an admin only. */
    @Test
    void anAdminSeesTheLastRetentionRun() throws Exception {
        // As the indexer stores it after a run (the stack's own indexer may store its run over this one meanwhile).
        String status = "{\"runAt\":\"2026-11-28T10:00:00Z\",\"outcome\":\"ok\",\"minAge\":\"P6Y\",\"maxAge\":\"P10Y\","
                + "\"interval\":\"PT1H\",\"holdPatients\":[],\"holdSources\":[],\"months\":[{\"index\":\"audit-events-2016.01\","
                + "\"action\":\"KEPT\",\"documents\":-1}]}";
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        stack.elasticsearchUrl() + "/audit-retention/_doc/status?refresh=true")).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(status)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        ApiClient.Answer answer = api.get("/api/v1/retention", admin);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("outcome").isTextual()).isTrue();
        assertThat(answer.json().path("minAge").isTextual()).isTrue();
        assertThat(answer.json().path("months").isArray()).isTrue();
        assertThat(api.get("/api/v1/retention", officer).status()).isEqualTo(403);
    }
}

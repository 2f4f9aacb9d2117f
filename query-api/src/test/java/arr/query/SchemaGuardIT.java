package arr.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.index.AuditDocument;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The query API does not answer over monthly indices it cannot search alike: an index of a newer document schema
 * whose readers must be newer too (as a later indexer would make it) turns every API request into a 503 naming it,
 * for signed-in callers only, and the health check DOWN; one whose mapping says this version still reads it alike is
 * searched; without it, everything answers again.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
class SchemaGuardIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anIndexOfAnotherSchemaStopsTheApiUntilItIsGone(TestStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.url(Part.QUERY_API));
        ApiClient.Login auditor = ApiClient.Login.of(stack, "AUDITOR");
        String index = "audit-quarantine-1989.07";
        assertThat(api.get("/api/v1/quarantine?size=1", auditor).status()).isEqualTo(200);
        try {
            es(stack, "PUT", "/" + index, null);
            // A newer schema that says readers of this version search it alike (an additive change): answered.
            es(stack, "PUT", "/" + index + "/_mapping", "{\"_meta\":{\"schemaVersion\":99,\"readableFromSchema\":"
                    + AuditDocument.SCHEMA_VERSION + "}}");
            Thread.sleep(11_000); // longer than the guard's 10 s between looks, so that it has seen the index
            assertThat(api.get("/api/v1/events?size=1", auditor).status()).isEqualTo(200);
            assertThat(api.get("/health", null).status()).isEqualTo(200);
            // One whose readers must be newer too.
            es(stack, "PUT", "/" + index + "/_mapping", "{\"_meta\":{\"schemaVersion\":99}}");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get("/api/v1/events?size=1", auditor).status()).isEqualTo(503));
            ApiClient.Answer refused = api.get("/api/v1/quarantine?size=1", auditor);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asText()).contains(index + " (schema 99)").contains("newer");
            assertThat(api.get("/api/v1/events?size=1", null).status()).as("anonymous: refused as always").isEqualTo(401);
            assertThat(api.get("/health", null).status()).isEqualTo(503);
            assertThat(api.get("/fhir/AuditEvent?date=2026", auditor).status()).as("ITI-81 searches the same indices").isEqualTo(503);
            assertThat(api.get("/fhir/metadata", null).status()).as("open, and says nothing of the indices").isEqualTo(200);
        } finally {
            HTTP.send(HttpRequest.newBuilder(URI.create(stack.elasticsearchUrl() + "/" + index)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            // Whatever happened above: the next test class finds the API answering again.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(api.get("/api/v1/events?size=1", auditor).status()).isEqualTo(200);
                assertThat(api.get("/health", null).status()).isEqualTo(200);
            });
        }
    }

    /**
     * A month indexed before the document held the objects' types and roles (schema 7) lacks them in its earlier
     * documents, whose messages may well have had them: an ITI-81 search by entity-type or entity-role over dates at
     * which such a month holds documents is refused naming the month, not answered with too few events, whatever its
     * other filters (which the refusal would otherwise tell about unrecorded); one over other dates is answered.
     */
    @Test
    void objectTypeAndRoleAreRefusedOverAMonthIndexedBeforeTheDocumentHeldThem(TestStack stack) throws Exception {
        ApiClient api = new ApiClient(stack.url(Part.QUERY_API));
        ApiClient.Login auditor = ApiClient.Login.of(stack, "AUDITOR");
        String index = "audit-events-1989.08";
        String source = "schema-guard-it-" + java.util.UUID.randomUUID();
        try {
            es(stack, "PUT", "/" + index, null);
            // As the indexer leaves a month it upgraded from schema 6 (IncompatibleSchemaIT): every mapping, and the
            // fields its earlier documents lack.
            es(stack, "PUT", "/" + index + "/_mapping", "{\"_meta\":{\"schemaVersion\":" + AuditDocument.SCHEMA_VERSION
                    + ",\"readableFromSchema\":" + AuditDocument.READABLE_FROM_SCHEMA + ",\"" + AuditDocument.PARTIAL_FIELDS_META
                    + "\":[\"objects.role\",\"objects.type\"]}}");
            HttpResponse<String> indexed = HTTP.send(HttpRequest.newBuilder(URI.create(stack.elasticsearchUrl() + "/" + index
                            + "/_doc/schema-guard-it?refresh=true")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"eventTime\":{\"value\":\"1989-08-15T10:00:00Z\"},"
                            + "\"sources\":[{\"id\":\"" + source + "\"}],\"objects\":[{\"id\":\"P1\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(201);

            // At once: the mappings are read for each such search, not from the guard's look of up to 10 s ago.
            ApiClient.Answer refused = api.get("/fhir/AuditEvent?date=1989-08&entity-type=1", auditor);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("not-supported").contains(index).contains("entity-type");
            assertThat(api.get("/fhir/AuditEvent?date=1989-08&entity-role=1,24&source=" + source, auditor).status()).isEqualTo(400);
            ApiClient.Answer otherSource = api.get("/fhir/AuditEvent?date=1989-08&entity-type=1&source=another-" + source, auditor);
            assertThat(otherSource.status()).as("refused alike: the answer tells nothing of the other filters").isEqualTo(400);
            assertThat(otherSource.body()).contains(index);
            assertThat(api.get("/fhir/AuditEvent?date=ge1989-08-16&date=lt1989-09&entity-type=1", auditor).status())
                    .as("the month holds no document at these dates").isEqualTo(200);
            assertThat(api.get("/fhir/AuditEvent?date=2016-10&entity-type=1", auditor).status()).as("other months").isEqualTo(200);

            // The JSON API's objectType and objectRole alike, in search and export; site was always in the document.
            ApiClient.Answer json = api.get("/api/v1/events?from=1989-08-01&to=1989-08-31&objectType=1", auditor);
            assertThat(json.status()).as(json.body()).isEqualTo(400);
            assertThat(json.body()).contains(index).contains("objectType");
            ApiClient.Login officer = ApiClient.Login.of(stack, "OFFICER");
            assertThat(api.get("/api/v1/events.csv?from=1989-08-01&to=1989-08-31&objectRole=1", officer).status()).isEqualTo(400);
            assertThat(api.get("/api/v1/events?from=1989-08-01&to=1989-08-31&site=x", auditor).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/events?from=1989-08-16&to=1989-08-31&objectType=1", auditor).status())
                    .as("the month holds no document at these dates").isEqualTo(200);
        } finally {
            HTTP.send(HttpRequest.newBuilder(URI.create(stack.elasticsearchUrl() + "/" + index)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private static String es(TestStack stack, String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.elasticsearchUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}

package arr.query;

import static arr.query.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deep paging with signed cursors, and what the API does with hostile parameters. */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
class PagingIT {

    static final String TAG = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String SOURCE = "paging-it-" + TAG;
    static final int COUNT = 2500;

    static ApiClient api;
    static ApiClient.Login auditor;
    static ApiClient.Login officer;

    @BeforeAll
    static void sendMessages(TestStack stack) throws Exception {
        api = new ApiClient(stack.url(Part.QUERY_API));
        auditor = ApiClient.Login.of(stack, "AUDITOR");
        officer = ApiClient.Login.of(stack, "OFFICER");
        List<String> messages = new ArrayList<>();
        Instant start = Instant.parse("2025-06-01T00:00:00Z");
        for (int i = 0; i < COUNT; i++) {
            // Every tenth pair shares its time, so that paging must also order equal times consistently.
            String time = start.plusSeconds(60L * (i - i % 2 * (i % 10 == 1 ? 1 : 0))).toString();
            messages.add(Messages.dicomPatientRecord(time, "R", 0, "user-" + (i % 7), "User", "10.1.0." + (i % 200), SOURCE,
                    "PAT-" + i + "^^^&1.2.3&ISO", "Name^" + i));
        }
        Devices.send(stack, messages);
        Indexed.until(stack.elasticsearchUrl(), "audit-events", "sources.id", SOURCE, COUNT);
    }

    @Test
    void pagingThroughAllResultsReturnsEachExactlyOnceNewestFirst() {
        Set<String> ids = new HashSet<>();
        List<String> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = SearchIT.ok(api.get("/api/v1/events" + (cursor == null ? query("source", SOURCE, "size", "1000")
                    : query("source", SOURCE, "size", "1000", "cursor", cursor)), auditor));
            assertThat(page.path("total").asLong()).isEqualTo(COUNT);
            for (JsonNode item : page.path("items")) {
                assertThat(ids.add(item.path("id").asText())).as("returned twice: %s", item.path("id")).isTrue();
                times.add(item.path("eventTime").asText());
                // Every item, in every hundred whose raw messages are fetched apart, is read again from its raw message
                // (the document holds no object name); a raw message given to the wrong event would break the order below.
                assertThat(item.path("objects").get(0).path("name").asText()).as(item.path("id").asText()).startsWith("Name^");
            }
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(COUNT);
        List<Instant> instants = times.stream().map(t -> java.time.OffsetDateTime.parse(t).toInstant()).toList();
        for (int i = 1; i < instants.size(); i++) {
            assertThat(instants.get(i)).isBeforeOrEqualTo(instants.get(i - 1));
        }
    }

    @Test
    void anExportAcrossManyBatchesHasEveryEventOnceNewestFirst() {
        // The test stack exports in batches of 200, so these 2,500 rows cross two slices and many read-aheads.
        ApiClient.Answer csv = api.get("/api/v1/events.csv" + query("source", SOURCE), officer);
        assertThat(csv.status()).isEqualTo(200);
        List<String> rows = List.of(csv.body().split("\r\n"));
        assertThat(rows).hasSize(COUNT + 1);
        Set<String> ids = new HashSet<>();
        Instant previous = Instant.MAX;
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            assertThat(ids.add(cells[0])).as("exported twice: %s", cells[0]).isTrue();
            Instant time = java.time.OffsetDateTime.parse(cells[1].replace("\"", "")).toInstant();
            assertThat(time).isBeforeOrEqualTo(previous);
            previous = time;
        }
    }

    @Test
    void aCursorWithOneChangedByteIsRefused() {
        String cursor = firstPage().path("next").asText();
        for (int position : new int[] {5, cursor.indexOf('.') - 3, cursor.length() - 2}) {
            char changed = cursor.charAt(position) == 'A' ? 'B' : 'A';
            String forged = cursor.substring(0, position) + changed + cursor.substring(position + 1);
            ApiClient.Answer answer = api.get("/api/v1/events" + query("source", SOURCE, "size", "10", "cursor", forged), auditor);
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.json().path("detail").asText()).contains("cursor");
        }
        assertThat(api.get("/api/v1/events" + query("cursor", "garbage"), auditor).status()).isEqualTo(400);
    }

    @Test
    void aCursorServesOnlyTheQueryAndTheUserItWasIssuedFor() {
        String cursor = firstPage().path("next").asText();
        assertThat(api.get("/api/v1/events" + query("source", SOURCE, "user", "user-1", "size", "10", "cursor", cursor), auditor)
                .status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events" + query("source", SOURCE, "size", "10", "cursor", cursor), officer).status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/events" + query("source", SOURCE, "size", "10", "cursor", cursor), auditor).status())
                .isEqualTo(200);
    }

    @Test
    void elasticsearchSyntaxInFilterValuesIsMatchedLiterally() {
        for (String hostile : List.of("*", "user-1 OR *", "{\"match_all\":{}}", "participants.userId:*",
                "\"; ctx._source.raw = null; \"", "/.*/")) {
            for (String parameter : List.of("user", "patient", "object", "eventId", "eventType", "address")) {
                ApiClient.Answer answer = api.get("/api/v1/events" + query(parameter, hostile, "source", SOURCE), auditor);
                assertThat(answer.status()).as("%s=%s: %s", parameter, hostile, answer.body()).isEqualTo(200);
                assertThat(answer.json().path("total").asLong()).as("%s=%s", parameter, hostile).isZero();
            }
        }
    }

    @Test
    void freeTextCannotReachOtherFieldsOrFail() {
        // Each would match all 2,500 messages if q could name fields or carry a query; as plain text over names, none.
        for (String hostile : List.of("sources.id:" + SOURCE, "validation.status:valid", "{\"match_all\":{}}",
                "eventId.code:110110", "_exists_:raw", "((((", "\"unterminated")) {
            ApiClient.Answer answer = api.get("/api/v1/events" + query("q", hostile, "source", SOURCE), auditor);
            assertThat(answer.status()).as("q=%s: %s", hostile, answer.body()).isEqualTo(200);
            assertThat(answer.json().path("total").asLong()).as("q=%s", hostile).isZero();
        }
        assertThat(SearchIT.ok(api.get("/api/v1/events" + query("q", "Name", "source", SOURCE), auditor))
                .path("total").asLong()).isEqualTo(COUNT);
    }

    @Test
    void sizesAndMalformedParametersAreRefusedWithAProblem() {
        assertThat(api.get("/api/v1/events" + query("source", SOURCE, "size", "1000"), auditor).status()).isEqualTo(200);
        for (String query : List.of(query("size", "1001"), query("size", "100000000000"), query("size", "0"),
                query("size", "-5"), query("size", "ten"), query("from", "yesterday"), query("outcome", "3"),
                query("action", "X"), query("validation", "invalid"), query("from", "2026-02-01", "to", "2026-01-01"),
                query("sort", "raw"), query("q", "x".repeat(600)), query("user", "a\u0000b"), "?user=a&user=b")) {
            ApiClient.Answer answer = api.get("/api/v1/events" + query, auditor);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("elasticsearch").doesNotContain("\tat ");
        }
    }

    private static JsonNode firstPage() {
        JsonNode page = SearchIT.ok(api.get("/api/v1/events" + query("source", SOURCE, "size", "10"), auditor));
        assertThat(page.path("next").isNull()).isFalse();
        return page;
    }
}

package arr.query;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until Elasticsearch holds what the tests sent, asking it directly (not through the audited API). */
final class Indexed {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Indexed() {
    }

    /** Waits until {@code count} documents of this audit source are searchable in {@code index}. */
    static void until(String elasticsearchUrl, String index, String field, String value, long count) {
        String query = "{\"query\":{\"term\":{\"" + field + "\":" + ApiClient.JSON.valueToTree(value) + "}}}";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            send(elasticsearchUrl + "/" + index + "/_refresh", "");
            String answer = send(elasticsearchUrl + "/" + index + "/_count", query);
            return answer.contains("\"count\":") && ApiClient.JSON.readTree(answer).path("count").asLong() >= count;
        });
    }

    /** POSTs to Elasticsearch; {@code json} null sends no body. */
    static String send(String url, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(70))
                .header("Content-Type", "application/json").POST(json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    static String get(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(70)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}

package arr.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every service starts from its runnable jar on the ports it is given and reports its health. */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
class StackServicesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyServiceAnswersHealthOnItsPort(TestStack stack) throws Exception {
        assertThat(status(stack.url(Part.QUERY_API) + "/health")).isEqualTo(200);
        assertThat(status(stack.url(Part.COLLECTOR) + "/health")).isEqualTo(200);
        assertThat(status(stack.url(Part.INDEXER) + "/health")).isEqualTo(200);
    }

    @Test
    void collectorServesPrometheusMetricsOnItsManagementPort(TestStack stack) throws Exception {
        HttpResponse<String> metrics = get(stack.url(Part.COLLECTOR) + "/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void queryApiIsUnhealthyWhileElasticsearchIsDown(TestStack stack) throws Exception {
        stack.stop(Part.ELASTICSEARCH);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(status(stack.url(Part.QUERY_API) + "/health")).isEqualTo(503));
        } finally {
            stack.start(Part.ELASTICSEARCH);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> assertThat(status(stack.url(Part.QUERY_API) + "/health")).isEqualTo(200));
    }

    private static int status(String url) throws Exception {
        return get(url).statusCode();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package arr.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;

/**
 * Reports the query API down while Elasticsearch is unreachable or red, so that {@code GET /health}
 * answers 503: a privacy officer's search would fail anyway.
 */
@Singleton
public class ElasticsearchHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ElasticsearchClient client;

    public ElasticsearchHealthIndicator(ElasticsearchClient client) {
        this.client = client;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        HealthStatus status;
        try {
            status = client.cluster().health().status();
        } catch (IOException | RuntimeException e) {
            healthStatus = io.micronaut.health.HealthStatus.DOWN;
            return Map.of("elasticsearch", "unreachable");
        }
        healthStatus = status == HealthStatus.Red ? io.micronaut.health.HealthStatus.DOWN : io.micronaut.health.HealthStatus.UP;
        return Map.of("elasticsearch", status.jsonValue());
    }

    @Override
    protected String getName() {
        return "elasticsearch";
    }
}

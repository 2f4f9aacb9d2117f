package arr.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;

/**
 * Reports the query API down while Elasticsearch is unreachable or red, so that {@code GET /health}
 * answers 503: a privacy officer's search would fail anyway; and while it holds indices this version cannot search
 * alike ({@link SchemaGuard}), over which the API answers 503.
 */
@Singleton
public class ElasticsearchHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ElasticsearchClient client;
    private final SchemaGuard schemas;

    public ElasticsearchHealthIndicator(ElasticsearchClient client, SchemaGuard schemas) {
        this.client = client;
        this.schemas = schemas;
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
        var problem = schemas.problem();
        healthStatus = status == HealthStatus.Red || problem.isPresent()
                ? io.micronaut.health.HealthStatus.DOWN : io.micronaut.health.HealthStatus.UP;
        // Which indices, only in the log and to signed-in callers: the health check answers anyone.
        return problem.isPresent() ? Map.of("elasticsearch", status.jsonValue(), "schemas", "incompatible (see the log)")
                : Map.of("elasticsearch", status.jsonValue());
    }

    @Override
    protected String getName() {
        return "elasticsearch";
    }
}

package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/**
 * Where the query API reads audit events from.
 *
 * @param url the Elasticsearch HTTP endpoint ({@code AUDIT_ES_URL})
 */
@ConfigurationProperties("arr.elasticsearch")
public record ElasticsearchConfig(@NotNull URI url) {
}

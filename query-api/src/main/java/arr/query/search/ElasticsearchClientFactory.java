package arr.query.search;

import arr.query.config.ElasticsearchConfig;
import arr.schemas.index.AuditDocuments;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Builds the one Elasticsearch client of the service; closed with the application context. */
@Factory
public class ElasticsearchClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    Rest5Client restClient(ElasticsearchConfig config) {
        // Credentials and CA of a production cluster, from the same variables as the indexer's (ElasticsearchAccess).
        arr.schemas.config.ElasticsearchAccess access = arr.schemas.config.ElasticsearchAccess.fromEnvironment(System.getenv());
        var builder = Rest5Client.builder(config.url());
        access.authorization().ifPresent(value -> builder.setDefaultHeaders(new org.apache.hc.core5.http.Header[] {
                new org.apache.hc.core5.http.message.BasicHeader("Authorization", value)}));
        access.sslContext().ifPresent(builder::setSSLContext);
        return builder.build();
    }

    @Singleton
    ElasticsearchClient elasticsearchClient(Rest5Client restClient) {
        return new ElasticsearchClient(new Rest5ClientTransport(restClient, new JacksonJsonpMapper(AuditDocuments.storedReader())));
    }
}

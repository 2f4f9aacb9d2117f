package arr.indexer;

import arr.indexer.config.IndexerConfig;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The Elasticsearch client, serializing documents with the same JSON rules as the envelope. */
@Factory
public class IndexerBeans {

    @Singleton
    @Bean(preDestroy = "close")
    Rest5Client restClient(IndexerConfig config) {
        return ElasticsearchClients.rest(config.elasticsearchUrl(), System.getenv());
    }

    @Singleton
    ElasticsearchClient elasticsearch(Rest5Client rest) {
        return ElasticsearchClients.over(rest);
    }
}

package arr.indexer;

import io.micronaut.runtime.Micronaut;

/** Kafka-to-Elasticsearch indexer; the consumer arrives with the indexer issue. This port serves health and Prometheus metrics. */
public final class IndexerApplication {

    private IndexerApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(IndexerApplication.class, args);
    }
}

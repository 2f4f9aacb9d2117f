package arr.deploy.testing;

import arr.deploy.local.Part;

/** The servers a test module shares: their addresses, and stop/start for fault tests. */
public interface TestStack {

    /** {@code host:port} of the Kafka broker. */
    String kafkaBootstrap();

    /** {@code http://host:port} of Elasticsearch. */
    String elasticsearchUrl();

    /** {@code http://host:port} of a service's HTTP port (query-api) or management port (collector, indexer). */
    String url(Part service);

    /** Every port of the stack (the services' ones matter for end-to-end tests). */
    arr.deploy.local.StackPorts ports();

    /** The stack's development PKI (CA, collector and device certificates). */
    arr.deploy.local.LocalPki pki();

    /** A value of the stack's {@code credentials.env} (CONTRACT.md §2), such as {@code AUDIT_OFFICER_PASSWORD}. */
    String credential(String key);

    /** Stops a part; its address stays the same when it is started again. */
    void stop(Part part);

    /** Starts a part the stack was asked for (again), waiting until it is healthy. */
    void start(Part part);

    default void restart(Part part) {
        stop(part);
        start(part);
    }

    /** Stops everything; the extension calls it once the test JVM is done. */
    void close();
}

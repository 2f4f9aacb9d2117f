package arr.query;

import io.micronaut.runtime.Micronaut;

/** HTTP API for privacy officers, auditors and ITI-81 clients. */
public final class QueryApiApplication {

    private QueryApiApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(QueryApiApplication.class, args);
    }
}

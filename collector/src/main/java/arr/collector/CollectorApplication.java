package arr.collector;

import io.micronaut.runtime.Micronaut;

/** Syslog receiver; listeners arrive with the collector issue. This port serves health and Prometheus metrics. */
public final class CollectorApplication {

    private CollectorApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(CollectorApplication.class, args);
    }
}

package arr.collector;

import io.micronaut.runtime.Micronaut;

/** The syslog receiver (CollectorLifecycle starts its listeners); the HTTP port serves health and Prometheus metrics. */
public final class CollectorApplication {

    private CollectorApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(CollectorApplication.class, args);
    }
}

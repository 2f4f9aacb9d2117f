package arr.indexer.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciliation over a trailing window and publishes it as gauges, per source and in total
 * ({@code arr.indexer.reconciliation.{published,indexed,quarantined,deadlettered,unaccounted}}). A source whose
 * books do not balance is logged as an error, unless records the indexer has not committed yet explain it.
 */
public final class ReconciliationReporter {

    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationReporter.class);
    private static final String[] FIGURES = {"published", "indexed", "quarantined", "deadlettered", "unaccounted"};

    private final Reconciler reconciler;
    private final MeterRegistry metrics;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public ReconciliationReporter(Reconciler reconciler, MeterRegistry metrics) {
        this.reconciler = reconciler;
        this.metrics = metrics;
    }

    /** The window ending {@code delay} ago and {@code length} long (records younger than the delay may still be in flight). */
    public void runTrailing(Clock clock, Duration delay, Duration length) {
        Instant to = clock.instant().minus(delay);
        try {
            run(to.minus(length), to);
        } catch (IOException | RuntimeException e) {
            LOG.warn("reconciliation could not run: {}", e.toString());
        }
    }

    public Map<String, Reconciliation> run(Instant from, Instant to) throws IOException {
        Map<String, Reconciliation> books = reconciler.reconcile(from, to);
        books.forEach((source, r) -> {
            publish(source, r);
            if (!r.balanced() && r.pending() == 0) {
                LOG.error("reconciliation mismatch for source {} between {} and {}: published {} = indexed {} + quarantined {}"
                        + " + dead-lettered {} is off by {}", source, from, to, r.published(), r.indexed(), r.quarantined(),
                        r.deadLettered(), r.unaccounted());
            } else if (!r.balanced()) {
                LOG.info("reconciliation for source {}: {} records not indexed yet", source, r.pending());
            }
        });
        publish("_all", Reconciler.total(books));
        return books;
    }

    private void publish(String source, Reconciliation r) {
        long[] values = {r.published(), r.indexed(), r.quarantined(), r.deadLettered(), r.unaccounted()};
        for (int i = 0; i < FIGURES.length; i++) {
            String name = "arr.indexer.reconciliation." + FIGURES[i];
            gauges.computeIfAbsent(name + "|" + source, k -> metrics.gauge(name, Tags.of("source", source), new AtomicLong()))
                    .set(values[i]);
        }
    }
}

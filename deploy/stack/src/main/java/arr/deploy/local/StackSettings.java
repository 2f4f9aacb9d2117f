package arr.deploy.local;

import java.time.Duration;
import java.util.Map;

/**
 * How a stack is run: its layout and ports, memory, topic sizes and start-up time limits.
 *
 * @param layout                  where state and caches live
 * @param ports                   every port
 * @param elasticsearchHeapMb     Elasticsearch heap (min = max)
 * @param kafkaHeapMb             Kafka broker heap (min = max)
 * @param serviceHeapMb           heap of each of collector, indexer and query-api
 * @param eventsPartitions        partitions of {@code audit.events} (CONTRACT.md §3a: 6 locally)
 * @param eventsRetention         retention of {@code audit.events}: long enough to rebuild the index
 * @param startTimeout            how long one part may take to become healthy
 * @param extraServiceEnvironment added to every service's environment (tests use it to tune services)
 */
public record StackSettings(
        StackLayout layout,
        StackPorts ports,
        int elasticsearchHeapMb,
        int kafkaHeapMb,
        int serviceHeapMb,
        int eventsPartitions,
        Duration eventsRetention,
        Duration startTimeout,
        Map<String, String> extraServiceEnvironment) {

    public static final String EVENTS_TOPIC = "audit.events";
    public static final String DEADLETTER_TOPIC = "audit.deadletter";

    public StackSettings {
        extraServiceEnvironment = Map.copyOf(extraServiceEnvironment);
        if (eventsPartitions < 1) {
            throw new StackException("audit.events needs at least one partition, got " + eventsPartitions);
        }
    }

    /** The settings of {@code deploy/bin/up}: contract ports moved by their variables, state in {@code .local-stack/}. */
    public static StackSettings localStack(StackLayout layout, Map<String, String> env) {
        return new StackSettings(layout, StackPorts.fromEnvironment(env),
                intSetting(env, "AUDIT_ES_HEAP_MB", 2048),
                intSetting(env, "AUDIT_KAFKA_HEAP_MB", 1024),
                intSetting(env, "AUDIT_SERVICE_HEAP_MB", 512),
                6, Duration.ofDays(30), Duration.ofSeconds(intSetting(env, "AUDIT_START_TIMEOUT_SECONDS", 180)),
                Map.of());
    }

    /** The settings of a test stack: free ports, smaller heaps, state under the given folder. */
    public static StackSettings testStack(StackLayout layout) {
        return new StackSettings(layout, StackPorts.free(), 1024, 512, 384, 6, Duration.ofDays(30),
                Duration.ofSeconds(180), Map.of("AUDIT_SELF_AUDIT_TIMEOUT", "5s",
                        // Small export batches, so that exports in tests cross many batches, slices and read-aheads.
                        "AUDIT_EXPORT_BATCH", "200"));
    }

    private static int intSetting(Map<String, String> env, String variable, int defaultValue) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StackException(variable + "='" + value + "' is not a whole number");
        }
    }
}

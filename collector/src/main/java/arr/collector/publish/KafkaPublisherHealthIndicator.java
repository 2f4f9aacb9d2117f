package arr.collector.publish;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;

/**
 * The collector is DOWN while envelopes wait for Kafka and none has been acknowledged for ten seconds: it still holds
 * them (and pushes back on senders), but a load balancer or an operator should know it is not delivering.
 */
@Singleton
public class KafkaPublisherHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    static final Duration STALL_LIMIT = Duration.ofSeconds(10);

    private final KafkaEnvelopePublisher publisher;

    public KafkaPublisherHealthIndicator(KafkaEnvelopePublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Duration stalled = publisher.stalledFor();
        healthStatus = stalled.compareTo(STALL_LIMIT) > 0 ? HealthStatus.DOWN : HealthStatus.UP;
        return Map.of("kafka", stalled.isZero() ? "delivering" : "no acknowledgement for " + stalled.toSeconds() + " s");
    }

    @Override
    protected String getName() {
        return "kafka";
    }
}

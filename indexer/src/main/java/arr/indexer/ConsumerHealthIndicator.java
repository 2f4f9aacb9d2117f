package arr.indexer;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/** The indexer is down when its consumer thread has stopped on its own: nothing would be indexed any more. */
@Singleton
public class ConsumerHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final IndexerLifecycle lifecycle;

    public ConsumerHealthIndicator(IndexerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        var failure = lifecycle.consumerFailure();
        healthStatus = status(failure);
        return failure.<Map<String, Object>>map(f -> Map.of("consumer", "stopped: " + f)).orElse(Map.of("consumer", "running"));
    }

    static HealthStatus status(java.util.Optional<Throwable> failure) {
        return failure.isPresent() ? HealthStatus.DOWN : HealthStatus.UP;
    }

    @Override
    protected String getName() {
        return "consumer";
    }
}

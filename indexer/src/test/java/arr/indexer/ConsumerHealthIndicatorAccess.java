package arr.indexer;

import arr.indexer.consume.AuditConsumerLoop;

/** Runs the health indicator's rule on a loop, without a Micronaut context. */
public final class ConsumerHealthIndicatorAccess {

    private ConsumerHealthIndicatorAccess() {
    }

    public static String status(AuditConsumerLoop loop) {
        return ConsumerHealthIndicator.status(loop.failure()).getName();
    }
}

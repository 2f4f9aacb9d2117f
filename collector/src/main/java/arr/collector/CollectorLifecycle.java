package arr.collector;

import arr.collector.audit.SelfAuditMessages;
import arr.collector.config.CollectorConfig;
import arr.collector.pipeline.CollectorPipeline;
import arr.collector.publish.InFlightGate;
import arr.collector.publish.KafkaEnvelopePublisher;
import arr.collector.transport.SyslogServers;
import arr.schemas.envelope.Transport;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the listeners with the application and audits it (Application Start); on shutdown audits the
 * stop, stops accepting, drains what is in flight to Kafka, then lets the application exit.
 */
@Singleton
public class CollectorLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorLifecycle.class);

    private final SyslogServers servers;
    private final CollectorPipeline pipeline;
    private final KafkaEnvelopePublisher publisher;
    private final SelfAuditMessages selfAudit;
    private final String launcher = System.getProperty("user.name", "unknown");

    public CollectorLifecycle(CollectorConfig config, CollectorPipeline pipeline, KafkaEnvelopePublisher publisher,
                              InFlightGate gate, SelfAuditMessages selfAudit) {
        this.servers = new SyslogServers(config, pipeline, gate, selfAudit);
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.selfAudit = selfAudit;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        servers.start();
        pipeline.received(selfAudit.applicationActivity(true, launcher), Transport.INTERNAL, "127.0.0.1", null, null);
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        LOG.info("stopping: no new connections, draining what is in flight to Kafka");
        servers.close();
        pipeline.received(selfAudit.applicationActivity(false, launcher), Transport.INTERNAL, "127.0.0.1", null, null);
        // With the listeners' few seconds and the producer's 5 s, within the 30 s deploy/bin/down gives before SIGKILL: a
        // drain that cannot finish still gets to log what it leaves behind.
        publisher.close(Duration.ofSeconds(20));
    }
}

package arr.collector.pipeline;

import arr.collector.metrics.CollectorMetrics;
import arr.collector.publish.KafkaEnvelopePublisher;
import arr.schemas.envelope.AuditEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to every received message, whatever the transport: capture and validate it into an
 * envelope, count it, hand it to Kafka. Shared by the TCP, TLS and UDP handlers and the self-audit.
 */
public final class CollectorPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorPipeline.class);

    private final EnvelopeFactory envelopes;
    private final KafkaEnvelopePublisher publisher;
    private final CollectorMetrics metrics;

    public CollectorPipeline(EnvelopeFactory envelopes, KafkaEnvelopePublisher publisher, CollectorMetrics metrics) {
        this.envelopes = envelopes;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    public void received(byte[] frame, String protocol, String peer, Integer peerPort, String tlsSubject) {
        publish(envelopes.received(frame, protocol, peer, peerPort, tlsSubject));
    }

    public void oversize(byte[] firstBytes, long size, String protocol, String peer, Integer peerPort, String tlsSubject) {
        metrics.oversize(protocol);
        LOG.warn("oversize syslog message of {} bytes from {} over {}; recorded as rejected with its first {} bytes, "
                + "connection closed (arr.collector.max-message-bytes)", size, peer, protocol, firstBytes.length);
        publish(envelopes.oversize(firstBytes, size, protocol, peer, peerPort, tlsSubject));
    }

    public CollectorMetrics metrics() {
        return metrics;
    }

    private void publish(AuditEnvelope envelope) {
        metrics.received(envelope);
        if (!publisher.submit(envelope)) {
            LOG.error("envelope {} from {} arrived while the collector was shutting down and was not published",
                    envelope.id(), envelope.transport().peer());
        }
    }
}

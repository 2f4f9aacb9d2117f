package arr.collector.pipeline;

import arr.collector.metrics.CollectorMetrics;
import arr.collector.publish.KafkaEnvelopePublisher;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.validation.IssueCode;
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

    /**
     * Captures and validates one message and hands it to Kafka. Validation never throws for any input by design; should
     * it fail all the same (a defect), the message is still published, invalid and whole ({@code PROCESSING_ERROR}),
     * rather than lost with the connection it came on.
     */
    public void received(byte[] frame, String protocol, String peer, Integer peerPort, String tlsSubject) {
        AuditEnvelope envelope;
        try {
            envelope = envelopes.received(frame, protocol, peer, peerPort, tlsSubject);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("failed on a {}-byte message from {} over {}; published as invalid (PROCESSING_ERROR), kept as received",
                    frame.length, peer, protocol, e);
            envelope = envelopes.failed(frame, e, protocol, peer, peerPort, tlsSubject);
        }
        publish(envelope);
    }

    /** A message over the maximum: recorded with its first bytes; the connection goes on with the next message. */
    public void oversize(byte[] firstBytes, long received, long declared, String protocol, String peer, Integer peerPort,
                         String tlsSubject) {
        metrics.oversize(protocol);
        LOG.warn("oversize syslog message of {} bytes{} from {} over {}; recorded as rejected with its first {} bytes "
                + "(arr.collector.max-message-bytes)", received, declared > received ? " (announced " + declared + ")" : "",
                peer, protocol, firstBytes.length);
        publish(envelopes.oversize(firstBytes, received, declared, protocol, peer, peerPort, tlsSubject));
    }

    /** Bytes that are no whole message (a connection ended inside one, an unreadable octet count): recorded as invalid. */
    public void unframed(byte[] bytes, IssueCode code, String detail, String protocol, String peer, Integer peerPort,
                         String tlsSubject) {
        metrics.unframed(protocol, code);
        LOG.warn("{} from {} over {}: {}; recorded as rejected", code, peer, protocol, detail);
        publish(envelopes.unframed(bytes, code, detail, protocol, peer, peerPort, tlsSubject));
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

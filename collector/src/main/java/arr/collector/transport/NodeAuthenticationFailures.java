package arr.collector.transport;

import arr.collector.audit.SelfAuditMessages;
import arr.collector.pipeline.CollectorPipeline;
import arr.schemas.envelope.Transport;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's TLS connection refused by node authentication: logged with its address, the certificate subject and the
 * failure category, recorded in the repository as a DICOM Security Alert (110113, Node Authentication 110126), and
 * closed. Counting is the caller's: a failed handshake and a connection cut for a revocation are counted apart.
 */
final class NodeAuthenticationFailures {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAuthenticationFailures.class);

    private final CollectorPipeline pipeline;
    private final SelfAuditMessages selfAudit;

    NodeAuthenticationFailures(CollectorPipeline pipeline, SelfAuditMessages selfAudit) {
        this.pipeline = pipeline;
        this.selfAudit = selfAudit;
    }

    void refuse(Channel channel, String category, String subject, String detail) {
        InetSocketAddress peer = (InetSocketAddress) channel.remoteAddress();
        String address = peer.getAddress().getHostAddress();
        LOG.warn("TLS node authentication failed: peer={} subject={} category={} ({})", address,
                subject == null ? "-" : subject, category, detail);
        pipeline.received(selfAudit.nodeAuthenticationFailure(address, subject, category, String.valueOf(detail)),
                Transport.INTERNAL, address, peer.getPort(), null);
        channel.close();
    }
}

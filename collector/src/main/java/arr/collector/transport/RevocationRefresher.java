package arr.collector.transport;

import arr.collector.audit.SelfAuditMessages;
import arr.collector.pipeline.CollectorPipeline;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.CertificateRevokedException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the revocation lists again every {@code crl-refresh}; when new ones take effect, closes the open TLS
 * connections of the devices they revoke (a device revoked because it was stolen must not go on sending on a
 * connection it opened before), each one logged and recorded as a Security Alert. Its own thread: the file may sit on
 * a slow disk, and the event loops must not wait for it.
 */
final class RevocationRefresher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationRefresher.class);

    private final RevocationLists revocations;
    private final Iterable<Channel> connections;
    private final CollectorPipeline pipeline;
    private final NodeAuthenticationFailures failures;
    /** New lists took effect and the open connections are still to be checked against them (set and read on the timer). */
    private boolean sweepPending;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "crl-refresh");
        thread.setDaemon(true);
        return thread;
    });

    RevocationRefresher(RevocationLists revocations, Iterable<Channel> connections, CollectorPipeline pipeline,
                        SelfAuditMessages selfAudit) {
        this.revocations = revocations;
        this.connections = connections;
        this.pipeline = pipeline;
        this.failures = new NodeAuthenticationFailures(pipeline, selfAudit);
    }

    void start(Duration period) {
        timer.scheduleWithFixedDelay(this::refreshSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // A failed round must not end the schedule (a scheduled task that throws is never run again).
            LOG.error("reading the revocation lists again failed; trying again at the next refresh", e);
        }
    }

    /**
     * One round: the file read again and, if new lists took effect (or the last sweep did not get through), each open
     * connection checked against them on its own event loop, where its handshake handler runs too: so a connection is
     * either still in its handshake (the handler checks the new lists itself when it completes) or checked here, never
     * both, and nothing it sends is read between the check and the close.
     */
    void refresh() {
        if (revocations.refresh()) {
            sweepPending = true;
        }
        if (sweepPending) {
            for (Channel channel : connections) {
                channel.eventLoop().execute(() -> closeIfRevoked(channel));
            }
            sweepPending = false;
        }
    }

    /** Fails closed: a connection that cannot be checked against the new lists, or whose refusal failed, is closed. */
    private void closeIfRevoked(Channel channel) {
        try {
            String subject = channel.attr(PeerIdentity.SUBJECT).get();
            SslHandler ssl = channel.pipeline().get(SslHandler.class);
            if (subject == null || ssl == null || !channel.isActive() || channel.pipeline().get(TlsHandshakeHandler.class) != null) {
                return; // not TLS, closed, or still in its handshake
            }
            try {
                revocations.check(PeerIdentity.chain(ssl.engine().getSession()));
            } catch (CertificateRevokedException e) {
                pipeline.metrics().tlsRevokedDisconnect();
                failures.refuse(channel, "certificate-revoked", subject, "revoked while connected: " + e.getMessage());
            }
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            LOG.error("closing the TLS connection from {}: it could not be checked against the new revocation lists",
                    channel.remoteAddress(), e);
            channel.close();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

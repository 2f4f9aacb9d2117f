package arr.collector.transport;

import arr.collector.audit.SelfAuditMessages;
import arr.collector.config.CollectorConfig;
import arr.collector.framing.SyslogFrameDecoder;
import arr.collector.pipeline.CollectorPipeline;
import arr.schemas.envelope.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The pipeline of one TCP or TLS syslog connection, handler by handler. */
public final class SyslogChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** {@code tls} or {@code tcp}, for metrics and logs. */
    public static final AttributeKey<String> PROTOCOL = AttributeKey.valueOf("arr.protocol");

    private final String protocol;
    private final CollectorConfig config;
    private final SslContextFactory.ServerTls tls;
    private final ConnectionLimiter limiter;
    private final CollectorPipeline pipeline;
    private final SelfAuditMessages selfAudit;
    private final Consumer<Channel> readsGated;

    /**
     * @param tls        the TLS context for the TLS listener, null for plain TCP
     * @param readsGated makes a connection's reading follow the in-flight gate: called here for TCP, after node
     *                   authentication for TLS
     */
    public SyslogChannelInitializer(String protocol, CollectorConfig config, SslContextFactory.ServerTls tls,
                                    ConnectionLimiter limiter, CollectorPipeline pipeline, SelfAuditMessages selfAudit,
                                    Consumer<Channel> readsGated) {
        this.protocol = protocol;
        this.config = config;
        this.tls = tls;
        this.limiter = limiter;
        this.pipeline = pipeline;
        this.selfAudit = selfAudit;
        this.readsGated = readsGated;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.attr(PROTOCOL).set(protocol);
        ChannelPipeline p = channel.pipeline();
        // Refuse over-limit connections before spending a handshake on them.
        p.addLast("limits", limiter);
        if (tls != null) {
            SslHandler ssl = tls.context().newHandler(channel.alloc());
            ssl.setHandshakeTimeoutMillis(config.limits().handshakeTimeout().toMillis());
            // TLS with a required, verified client certificate (RFC 5425, ATNA node authentication).
            p.addLast("tls", ssl);
            // Records the device subject, enforces the allow-list and revocations, audits failed handshakes.
            p.addLast("node-authentication", new TlsHandshakeHandler(tls, config.tls().allowedPeers(),
                    pipeline, selfAudit, readsGated));
        } else {
            readsGated.accept(channel);
        }
        // A connection silent for the idle timeout is closed.
        p.addLast("idle", new IdleStateHandler(0, 0, config.limits().idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        // Octet counting or LF framing, detected per connection, bounded by the maximum message size.
        SyslogFrameDecoder framing = new SyslogFrameDecoder(config.maxMessageBytes());
        p.addLast("framing", framing);
        // A message incomplete for too long (a sender dripping bytes to hold the connection) ends the connection.
        p.addLast("frame-deadline", new FrameDeadline(framing, config.limits().frameTimeout(), pipeline.metrics(), protocol));
        // Capture, validate, publish.
        p.addLast("audit", new InboundAuditHandler(pipeline, protocol));
    }

}

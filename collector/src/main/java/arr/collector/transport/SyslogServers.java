package arr.collector.transport;

import arr.collector.audit.SelfAuditMessages;
import arr.collector.config.CollectorConfig;
import arr.collector.pipeline.CollectorPipeline;
import arr.collector.publish.InFlightGate;
import arr.schemas.envelope.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three syslog listeners (TLS, TCP, UDP) and their lifecycle. Every accepted TCP/TLS connection
 * joins a channel group whose autoRead follows the in-flight gate: back-pressure, not loss.
 */
public final class SyslogServers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogServers.class);

    /** The largest UDP datagram read, whatever {@code max-message-bytes} says: a datagram cannot be longer. */
    public static final int MAX_DATAGRAM_BYTES = 65_536;

    private volatile boolean closing;
    /** How long a stopping collector reads what its connections already sent before closing them. */
    private static final java.time.Duration SHUTDOWN_READ = java.time.Duration.ofSeconds(1);
    /** Set on a connection whose reading follows the in-flight gate. */
    private static final AttributeKey<Boolean> GATED = AttributeKey.valueOf("arr.gated");

    private final CollectorConfig config;
    private final CollectorPipeline pipeline;
    private final InFlightGate gate;
    private final SelfAuditMessages selfAudit;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final ChannelGroup connections = new DefaultChannelGroup("syslog-connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private RevocationRefresher revocationRefresher;

    public SyslogServers(CollectorConfig config, CollectorPipeline pipeline, InFlightGate gate, SelfAuditMessages selfAudit) {
        this.config = config;
        this.pipeline = pipeline;
        this.gate = gate;
        this.selfAudit = selfAudit;
    }

    /** Binds every listener; a port in use or a bad TLS file fails start-up with the setting's name. */
    public void start() {
        ConnectionLimiter limiter = new ConnectionLimiter(config.limits().maxConnections(),
                config.limits().maxConnectionsPerPeer(), pipeline.metrics());
        SslContextFactory.ServerTls tls = SslContextFactory.server(config.tls());
        gate.onChange(read -> {
            if (closing && read) {
                return; // no connection is paused just to be read again now; a pause while closing still holds (see close)
            }
            if (!read) {
                pipeline.metrics().backpressurePause();
            }
            LOG.info("{} reading from TCP and TLS connections: {} bytes in flight to Kafka "
                    + "(arr.collector.kafka.high-water-bytes / low-water-bytes)", read ? "resuming" : "pausing", gate.bytes());
            connections.forEach(c -> {
                if (Boolean.TRUE.equals(c.attr(GATED).get())) {
                    c.config().setAutoRead(read);
                }
            });
        });
        bindStream(Transport.TLS, config.tlsPort(), "AUDIT_SYSLOG_TLS_PORT",
                new SyslogChannelInitializer(Transport.TLS, config, tls, limiter, pipeline, selfAudit, this::joinGate));
        bindStream(Transport.TCP, config.tcpPort(), "AUDIT_SYSLOG_TCP_PORT",
                new SyslogChannelInitializer(Transport.TCP, config, null, limiter, pipeline, selfAudit, this::joinGate));
        bindUdp();
        watchRevocations(tls.revocations());
    }

    private void watchRevocations(RevocationLists revocations) {
        if (!revocations.configured()) {
            return;
        }
        pipeline.metrics().registerRevocationLists(revocations::revokedCount, revocations::stale,
                () -> revocations.fileRefused() ? 1 : 0);
        revocationRefresher = new RevocationRefresher(revocations, connections, pipeline, selfAudit);
        revocationRefresher.start(config.tls().crlRefresh());
    }

    private void bindStream(String protocol, int port, String variable, SyslogChannelInitializer initializer) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(initializer);
                    }
                });
        listeners.add(bind(bootstrap.bind(config.host(), port), protocol, port, variable));
    }

    /**
     * From now on the connection's reading follows the in-flight gate. A TCP connection joins at once; a TLS one once
     * its device is authenticated: paused before its handshake, it could not even read the ClientHello, and every
     * device connecting while Kafka is behind would time out and be recorded as failing node authentication.
     */
    private void joinGate(Channel channel) {
        channel.attr(GATED).set(true);
        // Read only if the listeners were told "read" and the gate is still open: a pause being told right now then
        // finds this connection paused already instead of letting it read once more.
        gate.whileTold(told -> channel.config().setAutoRead(told && gate.isOpen()));
    }

    private void bindUdp() {
        Bootstrap bootstrap = new Bootstrap()
                .group(workers)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, config.udpReceiveBufferBytes())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.FixedRecvByteBufAllocator(MAX_DATAGRAM_BYTES))
                .handler(new UdpSyslogHandler(pipeline, gate));
        listeners.add(bind(bootstrap.bind(config.host(), config.udpPort()), Transport.UDP, config.udpPort(), "AUDIT_SYSLOG_UDP_PORT"));
    }

    private static Channel bind(io.netty.channel.ChannelFuture future, String protocol, int port, String variable) {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IllegalStateException("cannot listen for syslog over " + protocol + " on port " + port
                    + " (" + future.cause().getMessage() + "); set " + variable + " to a free port", future.cause());
        }
        LOG.info("listening for syslog over {} on {}", protocol, future.channel().localAddress());
        return future.channel();
    }

    /**
     * Stops accepting, reads for a moment what the open connections already sent (unless the gate has paused reading:
     * Kafka behind), then closes them: each one's last bytes reach the pipeline as a message or as an incomplete frame.
     * Closing a socket with unread bytes would reset the connection and lose them, though the device counts them as
     * delivered. Should the gate close during that moment, reading pauses as always.
     */
    @Override
    public void close() {
        closing = true;
        if (revocationRefresher != null) {
            revocationRefresher.close();
        }
        listeners.forEach(c -> c.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
        if (gate.isOpen()) {
            // They are reading already (the gate is open): a moment for what is on its way.
            try {
                Thread.sleep(SHUTDOWN_READ.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (!connections.isEmpty()) {
            // Kafka is behind: what these connections still hold could not be published before the drain ends anyway,
            // and reading it all now would only fill the heap.
            LOG.warn("closing {} connections while reading is paused for Kafka; what their devices sent and the collector "
                    + "has not read is not received", connections.size());
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

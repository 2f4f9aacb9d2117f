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

    private final CollectorConfig config;
    private final CollectorPipeline pipeline;
    private final InFlightGate gate;
    private final SelfAuditMessages selfAudit;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final ChannelGroup connections = new DefaultChannelGroup("syslog-connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();

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
            if (!read) {
                pipeline.metrics().backpressurePause();
            }
            LOG.info("{} reading from TCP and TLS connections: {} bytes in flight to Kafka "
                    + "(arr.collector.kafka.high-water-bytes / low-water-bytes)", read ? "resuming" : "pausing", gate.bytes());
            connections.forEach(c -> c.config().setAutoRead(read));
        });
        bindStream(Transport.TLS, config.tlsPort(), "AUDIT_SYSLOG_TLS_PORT",
                new SyslogChannelInitializer(Transport.TLS, config, tls, limiter, pipeline, selfAudit));
        bindStream(Transport.TCP, config.tcpPort(), "AUDIT_SYSLOG_TCP_PORT",
                new SyslogChannelInitializer(Transport.TCP, config, null, limiter, pipeline, selfAudit));
        bindUdp();
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
                        channel.config().setAutoRead(gate.isOpen());
                        channel.pipeline().addLast(initializer);
                    }
                });
        listeners.add(bind(bootstrap.bind(config.host(), port), protocol, port, variable));
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

    /** Stops accepting; open connections are closed after what they sent has been handed to the pipeline. */
    @Override
    public void close() {
        listeners.forEach(c -> c.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

package arr.collector.transport;

import arr.collector.metrics.CollectorMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses connections beyond a total and a per-address maximum, so one misbehaving sender cannot take
 * every connection. Shared by all TCP and TLS channels of the collector.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int maxTotal;
    private final int maxPerPeer;
    private final CollectorMetrics metrics;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perPeer = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxTotal, int maxPerPeer, CollectorMetrics metrics) {
        this.maxTotal = maxTotal;
        this.maxPerPeer = maxPerPeer;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String protocol = ctx.channel().attr(SyslogChannelInitializer.PROTOCOL).get();
        String peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        int all = total.incrementAndGet();
        int fromPeer = perPeer.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet();
        ctx.channel().closeFuture().addListener(f -> release(peer, protocol));
        metrics.connectionOpened(protocol);
        if (all > maxTotal || fromPeer > maxPerPeer) {
            String reason = all > maxTotal ? "max-connections" : "max-connections-per-peer";
            LOG.warn("refusing {} connection from {}: {} (arr.collector.limits.{})", protocol, peer, reason, reason);
            metrics.connectionRefused(protocol, reason);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    private void release(String peer, String protocol) {
        total.decrementAndGet();
        perPeer.computeIfPresent(peer, (p, count) -> count.decrementAndGet() <= 0 ? null : count);
        metrics.connectionClosed(protocol);
    }
}

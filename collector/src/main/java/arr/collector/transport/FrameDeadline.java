package arr.collector.transport;

import arr.collector.framing.SyslogFrameDecoder;
import arr.collector.metrics.CollectorMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose message has been incomplete for longer than the frame timeout. The idle timeout alone lets
 * a sender hold a connection (and up to a message's worth of buffer) for ever by dripping a byte now and then; real
 * devices send a message in one go. What arrived of the message is recorded as the decoder ends the connection
 * ({@code INCOMPLETE_FRAME}, or the skipped oversize message). Time while the collector does not read (Kafka behind)
 * does not count.
 */
public final class FrameDeadline extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDeadline.class);

    private final SyslogFrameDecoder decoder;
    private final Duration timeout;
    private final CollectorMetrics metrics;
    private final String protocol;
    private ScheduledFuture<?> checks;

    public FrameDeadline(SyslogFrameDecoder decoder, Duration timeout, CollectorMetrics metrics, String protocol) {
        this.decoder = decoder;
        this.timeout = timeout;
        this.metrics = metrics;
        this.protocol = protocol;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            schedule(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        schedule(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (checks != null) {
            checks.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private void schedule(ChannelHandlerContext ctx) {
        if (checks == null) {
            long period = Math.max(100, timeout.toMillis() / 4);
            checks = ctx.executor().scheduleAtFixedRate(() -> check(ctx), period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** One check: closes the connection when its message is overdue. */
    void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead()) {
            decoder.restartIncompleteClock();
            return;
        }
        if (decoder.incompleteFor() > timeout.toNanos()) {
            LOG.warn("closing a {} connection from {}: its message has been incomplete for more than {} s "
                    + "(arr.collector.limits.frame-timeout); what arrived is recorded", protocol, ctx.channel().remoteAddress(),
                    timeout.toSeconds());
            metrics.frameTimeout(protocol);
            ctx.close();
        }
    }
}

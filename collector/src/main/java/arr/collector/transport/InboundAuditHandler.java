package arr.collector.transport;

import arr.collector.framing.SyslogFrame;
import arr.collector.pipeline.CollectorPipeline;
import arr.schemas.envelope.Transport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a TCP or TLS connection: each framed message goes into the collector pipeline; an oversize one,
 * or bytes that are no whole message, are recorded as rejected; idle connections are closed.
 */
public final class InboundAuditHandler extends SimpleChannelInboundHandler<SyslogFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(InboundAuditHandler.class);

    private final CollectorPipeline pipeline;
    private final String protocol;

    public InboundAuditHandler(CollectorPipeline pipeline, String protocol) {
        this.pipeline = pipeline;
        this.protocol = protocol;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SyslogFrame frame) {
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        String subject = ctx.channel().attr(PeerIdentity.SUBJECT).get();
        if (Transport.TLS.equals(protocol) && subject == null) {
            // TlsHandshakeHandler lets nothing through before a device is authenticated; this is the second lock.
            LOG.error("dropping a frame from {} over TLS without an authenticated device; closing", peer);
            ctx.close();
            return;
        }
        String address = peer.getAddress().getHostAddress();
        if (frame instanceof SyslogFrame.Message message) {
            pipeline.received(message.bytes(), protocol, address, peer.getPort(), subject);
        } else if (frame instanceof SyslogFrame.Oversize oversize) {
            pipeline.oversize(oversize.firstBytes(), oversize.receivedSize(), oversize.declaredSize(), protocol, address,
                    peer.getPort(), subject);
        } else if (frame instanceof SyslogFrame.Unframed unframed) {
            pipeline.unframed(unframed.bytes(), unframed.code(), unframed.detail(), protocol, address, peer.getPort(), subject);
            // After an unreadable octet count the decoder discards the rest: nothing more can be split from it.
            ctx.close();
        }
    }

    /**
     * An idle connection is closed, unless it only looks idle because the collector stopped reading it (Kafka behind):
     * closing it then would throw away what the device already sent and the kernel holds for it.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            if (!ctx.channel().config().isAutoRead()) {
                LOG.debug("{} connection from {} is idle while reading is paused; kept open", protocol, ctx.channel().remoteAddress());
                return;
            }
            LOG.debug("closing idle {} connection from {}", protocol, ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && !(cause.getCause() instanceof javax.net.ssl.SSLException)) {
            LOG.warn("closing {} connection from {}: bad framing ({})", protocol, ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("{} connection from {} failed: {}", protocol, ctx.channel().remoteAddress(), cause.toString());
        } else if (!(cause.getCause() instanceof javax.net.ssl.SSLException)) {
            LOG.error("unexpected error on {} connection from {}", protocol, ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}

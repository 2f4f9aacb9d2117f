package arr.collector.transport;

import arr.collector.framing.SyslogFrame;
import arr.collector.pipeline.CollectorPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a TCP or TLS connection: each framed message goes into the collector pipeline; an
 * oversize one is recorded as rejected and the connection closed; idle connections are closed.
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
        String address = peer.getAddress().getHostAddress();
        if (frame instanceof SyslogFrame.Message message) {
            pipeline.received(message.bytes(), protocol, address, peer.getPort(), subject);
        } else if (frame instanceof SyslogFrame.Oversize oversize) {
            pipeline.oversize(oversize.firstBytes(), oversize.declaredSize(), protocol, address, peer.getPort(), subject);
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
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

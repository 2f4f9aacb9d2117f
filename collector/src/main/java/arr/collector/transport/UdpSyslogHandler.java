package arr.collector.transport;

import arr.collector.pipeline.CollectorPipeline;
import arr.collector.publish.InFlightGate;
import arr.schemas.envelope.Transport;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 5426: one syslog message per datagram. UDP cannot push back on a sender, so while Kafka is not
 * keeping up (the in-flight gate is closed) datagrams are dropped and counted instead of filling memory;
 * the kernel's own drops are counted from /proc/net/snmp (see {@code UdpKernelDrops}).
 */
public final class UdpSyslogHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(UdpSyslogHandler.class);

    private final CollectorPipeline pipeline;
    private final InFlightGate gate;

    public UdpSyslogHandler(CollectorPipeline pipeline, InFlightGate gate) {
        this.pipeline = pipeline;
        this.gate = gate;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        if (!gate.isOpen()) {
            pipeline.metrics().udpDropped("backpressure");
            return;
        }
        byte[] message = ByteBufUtil.getBytes(packet.content());
        if (message.length == 0) {
            return;
        }
        pipeline.received(message, Transport.UDP, packet.sender().getAddress().getHostAddress(), packet.sender().getPort(), null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.error("UDP syslog listener error", cause);
    }
}

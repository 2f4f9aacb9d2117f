package arr.collector.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Splits a TCP or TLS byte stream into syslog messages, detecting the framing once per connection from
 * its first byte: a digit means octet counting ({@code MSG-LEN SP SYSLOG-MSG}, RFC 5425 §4.3 and
 * RFC 6587 §3.4.1), anything else non-transparent framing with an LF trailer (RFC 6587 §3.4.2;
 * rsyslog's default). Bounded and fail-fast: a length prefix that is not a number, or longer than ten
 * digits, is a {@link CorruptedFrameException} (an octet-counted stream cannot be resynchronised); a
 * message longer than the maximum is passed on as {@link SyslogFrame.Oversize} with its first bytes and
 * the decoder then discards everything else on the connection, which the handler closes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6587#section-3.4">RFC 6587 §3.4</a>
 */
public final class SyslogFrameDecoder extends ByteToMessageDecoder {

    /** How much of an oversize message is kept for the rejected record. */
    public static final int OVERSIZE_KEPT_BYTES = 4096;
    private static final int MAX_LENGTH_DIGITS = 10;

    private enum Framing { UNKNOWN, OCTET_COUNTING, LF }

    private final int maxMessageBytes;
    private Framing framing = Framing.UNKNOWN;
    private boolean discarding;
    private int lfSearchFrom;

    public SyslogFrameDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (framing == Framing.UNKNOWN) {
            if (!in.isReadable()) {
                return;
            }
            byte first = in.getByte(in.readerIndex());
            framing = first >= '1' && first <= '9' ? Framing.OCTET_COUNTING : Framing.LF;
        }
        while (in.isReadable() && !discarding) {
            Object frame = framing == Framing.OCTET_COUNTING ? octetCounted(in) : lfTerminated(in);
            if (frame == null) {
                return;
            }
            out.add(frame);
        }
    }

    private Object octetCounted(ByteBuf in) {
        int start = in.readerIndex();
        int space = -1;
        int scanTo = Math.min(in.writerIndex(), start + MAX_LENGTH_DIGITS + 1);
        for (int i = start; i < scanTo; i++) {
            byte b = in.getByte(i);
            if (b == ' ') {
                space = i;
                break;
            }
            if (b < '0' || b > '9' || (i == start && b == '0')) {
                throw corrupt(in, "octet count is not a number at byte " + (i - start));
            }
        }
        if (space < 0) {
            if (in.readableBytes() > MAX_LENGTH_DIGITS) {
                throw corrupt(in, "octet count longer than " + MAX_LENGTH_DIGITS + " digits");
            }
            return null;
        }
        long length = Long.parseLong(in.toString(start, space - start, java.nio.charset.StandardCharsets.US_ASCII));
        int bodyStart = space + 1;
        if (length > maxMessageBytes) {
            if (in.writerIndex() - bodyStart < OVERSIZE_KEPT_BYTES) {
                return null;
            }
            byte[] firstBytes = ByteBufUtil.getBytes(in, bodyStart, OVERSIZE_KEPT_BYTES);
            discardRest(in);
            return new SyslogFrame.Oversize(firstBytes, length);
        }
        if (in.writerIndex() - bodyStart < length) {
            return null;
        }
        byte[] message = ByteBufUtil.getBytes(in, bodyStart, (int) length);
        in.readerIndex(bodyStart + (int) length);
        return new SyslogFrame.Message(message);
    }

    private Object lfTerminated(ByteBuf in) {
        // An empty line between messages carries nothing: skip it rather than emit an empty message.
        while (in.isReadable() && (in.getByte(in.readerIndex()) == '\n'
                || in.readableBytes() > 1 && in.getByte(in.readerIndex()) == '\r' && in.getByte(in.readerIndex() + 1) == '\n')) {
            in.skipBytes(in.getByte(in.readerIndex()) == '\n' ? 1 : 2);
        }
        if (!in.isReadable()) {
            return null;
        }
        int start = in.readerIndex();
        int from = Math.max(start, start + lfSearchFrom);
        int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > maxMessageBytes) {
                byte[] firstBytes = ByteBufUtil.getBytes(in, start, OVERSIZE_KEPT_BYTES);
                long seen = in.readableBytes();
                discardRest(in);
                return new SyslogFrame.Oversize(firstBytes, seen);
            }
            lfSearchFrom = in.readableBytes();
            return null;
        }
        lfSearchFrom = 0;
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        if (end - start > maxMessageBytes) {
            byte[] firstBytes = ByteBufUtil.getBytes(in, start, OVERSIZE_KEPT_BYTES);
            discardRest(in);
            return new SyslogFrame.Oversize(firstBytes, end - start);
        }
        byte[] message = ByteBufUtil.getBytes(in, start, end - start);
        in.readerIndex(lf + 1);
        return new SyslogFrame.Message(message);
    }

    /** The stream cannot be resynchronised: everything after this is discarded until the handler closes. */
    private CorruptedFrameException corrupt(ByteBuf in, String message) {
        discardRest(in);
        return new CorruptedFrameException(message);
    }

    private void discardRest(ByteBuf in) {
        discarding = true;
        in.skipBytes(in.readableBytes());
    }
}

package arr.collector.framing;

import arr.schemas.validation.IssueCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a TCP or TLS byte stream into syslog messages, detecting the framing once per connection from
 * its first byte: a digit means octet counting ({@code MSG-LEN SP SYSLOG-MSG}, RFC 5425 §4.3 and
 * RFC 6587 §3.4.1), anything else non-transparent framing with an LF trailer (RFC 6587 §3.4.2;
 * rsyslog's default).
 *
 * <p>Bounded, and loses nothing it received without saying so:
 * <ul>
 *   <li>a message longer than the maximum is skipped without being buffered (to its announced length, or to its LF),
 *   logged when the skip starts, and passed on as {@link SyslogFrame.Oversize} with its first bytes and the size that
 *   arrived when it ends; the messages after it on the same connection still arrive;</li>
 *   <li>CR, LF and NUL between octet-counted messages (senders that end each one with a newline) are skipped;</li>
 *   <li>an octet count that is not a number, or longer than ten digits, cannot be resynchronised: the next bytes are
 *   passed on as {@link SyslogFrame.Unframed} ({@link IssueCode#FRAMING_ERROR}) and the rest is discarded until the
 *   handler closes the connection;</li>
 *   <li>at the end of the connection, an LF-framed last message without its LF is a message (rsyslog does the same),
 *   and an octet-counted message cut short is {@link SyslogFrame.Unframed} ({@link IssueCode#INCOMPLETE_FRAME}).</li>
 * </ul>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6587#section-3.4">RFC 6587 §3.4</a>
 */
public final class SyslogFrameDecoder extends ByteToMessageDecoder {

    /** How much of an oversize message, or of an unreadable stream, is kept for the rejected record. */
    public static final int OVERSIZE_KEPT_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(SyslogFrameDecoder.class);
    private static final int MAX_LENGTH_DIGITS = 10;

    private enum Framing { UNKNOWN, OCTET_COUNTING, LF }

    private final int maxMessageBytes;
    private Framing framing = Framing.UNKNOWN;
    private boolean discarding;
    private int lfSearchFrom;
    /** The oversize message being skipped, if any. */
    private Skipping skipping;

    /** Nanoseconds, for how long a message has been incomplete. */
    private final LongSupplier clock;
    /** Since when the message being received has been incomplete ({@link #clock}); -1 when none is. */
    private long partialSince = -1;
    private long framesOut;

    public SyslogFrameDecoder(int maxMessageBytes) {
        this(maxMessageBytes, System::nanoTime);
    }

    SyslogFrameDecoder(int maxMessageBytes, LongSupplier clock) {
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
    }

    /**
     * Notes after each read whether a message is left incomplete, and since when: a read that completed a message
     * starts the clock again for the next one, so a busy connection whose reads end mid-message is never "slow".
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        long before = framesOut;
        super.channelRead(ctx, msg);
        ByteBuf buffered = internalBuffer();
        boolean partial = !discarding && (skipping != null || buffered != null && buffered.isReadable());
        if (!partial) {
            partialSince = -1;
        } else if (partialSince < 0 || framesOut != before) {
            partialSince = clock.getAsLong();
        }
    }

    /** How long the message being received has been incomplete, in nanoseconds; 0 when none is. */
    public long incompleteFor() {
        return partialSince < 0 ? 0 : clock.getAsLong() - partialSince;
    }

    /** Starts the clock of an incomplete message again (the collector was not reading: the delay was its own). */
    public void restartIncompleteClock() {
        if (partialSince >= 0) {
            partialSince = clock.getAsLong();
        }
    }

    /**
     * An oversize message being skipped: its first bytes, how many arrived, and how many it announced (-1: up to its
     * LF). Its record goes when the skip ends (or the connection does), with the size that really arrived; the start of
     * a skip is logged at once, since an octet count of ten digits may announce 10 GB.
     */
    private static final class Skipping {
        private final byte[] first = new byte[OVERSIZE_KEPT_BYTES];
        private int kept;
        private long received;
        private final long declared;
        private boolean logged;

        Skipping(long declared) {
            this.declared = declared;
        }

        void take(ByteBuf in, int length) {
            int keep = Math.min(length, first.length - kept);
            in.getBytes(in.readerIndex(), first, kept, keep);
            kept += keep;
            received += length;
            in.skipBytes(length);
        }

        SyslogFrame.Oversize frame() {
            return new SyslogFrame.Oversize(Arrays.copyOf(first, kept), received, declared);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int before = out.size();
        decodeFrames(ctx, in, out);
        framesOut += out.size() - before;
    }

    private void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
            if (skipping != null) {
                if (framing == Framing.OCTET_COUNTING) {
                    skipCounted(in, out);
                } else {
                    skipToLf(in, out);
                }
                continue;
            }
            Object frame = framing == Framing.OCTET_COUNTING ? octetCounted(in, out) : lfTerminated(in);
            if (skipping != null && !skipping.logged) {
                skipping.logged = true;
                LOG.warn("skipping an oversize syslog message from {} ({}); it is recorded when it ends "
                        + "(arr.collector.max-message-bytes)", ctx.channel().remoteAddress(), skipping.declared >= 0
                        ? "announced as " + skipping.declared + " bytes" : "over " + maxMessageBytes + " bytes without an LF");
            }
            if (frame == null) {
                if (skipping == null) {
                    return;
                }
                continue;
            }
            out.add(frame);
        }
    }

    /** The connection ended: whatever is left is passed on, never dropped in silence. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (skipping != null) {
            out.add(skipping.frame());
            skipping = null;
            return;
        }
        if (framing == Framing.LF) {
            skipBlankLines(in);
            int length = in.readableBytes();
            int end = length > 0 && in.getByte(in.writerIndex() - 1) == '\r' ? length - 1 : length;
            if (end > 0) {
                out.add(new SyslogFrame.Message(ByteBufUtil.getBytes(in, in.readerIndex(), end)));
            }
        } else if (framing == Framing.OCTET_COUNTING && in.isReadable()) {
            out.add(incomplete(in));
        }
        in.skipBytes(in.readableBytes());
    }

    private Object octetCounted(ByteBuf in, List<Object> out) {
        // Some senders end each octet-counted message with a newline (or pad with NULs): nothing a count starts with.
        while (in.isReadable() && isSeparator(in.getByte(in.readerIndex()))) {
            in.skipBytes(1);
        }
        if (!in.isReadable()) {
            return null;
        }
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
                return unreadable(in, "the octet count is not a number (byte " + (i - start) + " of it)");
            }
        }
        if (space < 0) {
            if (in.readableBytes() > MAX_LENGTH_DIGITS) {
                return unreadable(in, "the octet count is longer than " + MAX_LENGTH_DIGITS + " digits");
            }
            return null;
        }
        long length = Long.parseLong(in.toString(start, space - start, StandardCharsets.US_ASCII));
        int bodyStart = space + 1;
        if (length > maxMessageBytes) {
            in.readerIndex(bodyStart);
            skipping = new Skipping(length);
            skipCounted(in, out);
            return null;
        }
        if (in.writerIndex() - bodyStart < length) {
            return null;
        }
        byte[] message = ByteBufUtil.getBytes(in, bodyStart, (int) length);
        in.readerIndex(bodyStart + (int) length);
        return new SyslogFrame.Message(message);
    }

    private void skipCounted(ByteBuf in, List<Object> out) {
        int length = (int) Math.min(in.readableBytes(), skipping.declared - skipping.received);
        skipping.take(in, length);
        if (skipping.received == skipping.declared) {
            out.add(skipping.frame());
            skipping = null;
        }
    }

    private Object lfTerminated(ByteBuf in) {
        // An empty line between messages carries nothing: skip it rather than emit an empty message.
        skipBlankLines(in);
        if (!in.isReadable()) {
            return null;
        }
        int start = in.readerIndex();
        int from = Math.max(start, start + lfSearchFrom);
        int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > maxMessageBytes) {
                lfSearchFrom = 0;
                skipping = new Skipping(-1);
                skipping.take(in, in.readableBytes());
                return null;
            }
            lfSearchFrom = in.readableBytes();
            return null;
        }
        lfSearchFrom = 0;
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        if (end - start > maxMessageBytes) {
            Skipping whole = new Skipping(-1);
            whole.take(in, end - start);
            in.readerIndex(lf + 1);
            return whole.frame();
        }
        byte[] message = ByteBufUtil.getBytes(in, start, end - start);
        in.readerIndex(lf + 1);
        return new SyslogFrame.Message(message);
    }

    private void skipToLf(ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            skipping.take(in, in.readableBytes());
            return;
        }
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        skipping.take(in, end - in.readerIndex());
        in.readerIndex(lf + 1);
        out.add(skipping.frame());
        skipping = null;
    }

    private static void skipBlankLines(ByteBuf in) {
        while (in.isReadable() && (in.getByte(in.readerIndex()) == '\n'
                || in.readableBytes() > 1 && in.getByte(in.readerIndex()) == '\r' && in.getByte(in.readerIndex() + 1) == '\n')) {
            in.skipBytes(in.getByte(in.readerIndex()) == '\n' ? 1 : 2);
        }
    }

    private static boolean isSeparator(byte b) {
        return b == '\n' || b == '\r' || b == 0;
    }

    /** The stream cannot be resynchronised: its next bytes are kept, everything after them discarded until the close. */
    private SyslogFrame.Unframed unreadable(ByteBuf in, String why) {
        byte[] kept = ByteBufUtil.getBytes(in, in.readerIndex(), Math.min(in.readableBytes(), OVERSIZE_KEPT_BYTES));
        discarding = true;
        in.skipBytes(in.readableBytes());
        return new SyslogFrame.Unframed(kept, IssueCode.FRAMING_ERROR, why + "; the connection was closed, and its next "
                + kept.length + " bytes are kept");
    }

    /** An octet-counted message the connection ended inside: what arrived of it (at most the maximum) is kept. */
    private SyslogFrame.Unframed incomplete(ByteBuf in) {
        int start = in.readerIndex();
        int space = in.indexOf(start, Math.min(in.writerIndex(), start + MAX_LENGTH_DIGITS + 1), (byte) ' ');
        if (space < 0) {
            return new SyslogFrame.Unframed(ByteBufUtil.getBytes(in), IssueCode.INCOMPLETE_FRAME,
                    "the connection ended inside an octet count");
        }
        String count = in.toString(start, space - start, StandardCharsets.US_ASCII);
        byte[] body = ByteBufUtil.getBytes(in, space + 1, in.writerIndex() - space - 1);
        return new SyslogFrame.Unframed(body, IssueCode.INCOMPLETE_FRAME, "the connection ended after " + body.length
                + " of the " + count + " bytes the octet count announced");
    }
}

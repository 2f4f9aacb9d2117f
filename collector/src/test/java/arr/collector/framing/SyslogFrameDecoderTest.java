package arr.collector.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 6587 framing through Netty's EmbeddedChannel, including the cases where receivers fail in production. */
class SyslogFrameDecoderTest {

    private static final int MAX = 32_768;
    private final EmbeddedChannel channel = new EmbeddedChannel(new SyslogFrameDecoder(MAX));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String octetCounted(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length + " " + message;
    }

    private List<SyslogFrame> frames() {
        List<SyslogFrame> frames = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((SyslogFrame) o);
        }
        return frames;
    }

    private static String text(SyslogFrame frame) {
        return new String(((SyslogFrame.Message) frame).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void octetCountedFrameSplitOverReadsIsReassembled() {
        String message = "<85>1 2026-11-26T10:00:00Z host app - IHE+RFC-3881 - <AuditMessage/>";
        String framed = octetCounted(message);
        channel.writeInbound(bytes(framed.substring(0, 1)));
        channel.writeInbound(bytes(framed.substring(1, 10)));
        assertThat(frames()).isEmpty();
        channel.writeInbound(bytes(framed.substring(10)));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly(message);
    }

    @Test
    void severalOctetCountedFramesInOneReadAreAllEmitted() {
        channel.writeInbound(bytes(octetCounted("<85>1 - a") + octetCounted("<85>1 - b") + octetCounted("<85>1 - c")));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly("<85>1 - a", "<85>1 - b", "<85>1 - c");
    }

    @Test
    void utf8SplitInsideACharacterIsReassembledByteExact() {
        String message = "<85>1 - Müller-Lüdenscheidt \uD83C\uDFE5";
        byte[] framed = octetCounted(message).getBytes(StandardCharsets.UTF_8);
        int middleOfU = octetCounted("<85>1 - M").getBytes(StandardCharsets.UTF_8).length + 1;
        channel.writeInbound(Unpooled.wrappedBuffer(framed, 0, middleOfU));
        channel.writeInbound(Unpooled.wrappedBuffer(framed, middleOfU, framed.length - middleOfU));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly(message);
    }

    @Test
    void lfFramingIsDetectedFromALeadingAngleBracket() {
        channel.writeInbound(bytes("<85>1 - one\n<85>1 - two\r\n\n<85>1 - thr"));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly("<85>1 - one", "<85>1 - two");
        channel.writeInbound(bytes("ee\n"));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly("<85>1 - three");
    }

    @Test
    void anOctetCountThatLiesLeavesTheRestWaitingNotMisframed() {
        channel.writeInbound(bytes("50 <85>1 - short"));
        assertThat(frames()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aNonNumericLengthIsACorruptFrame() {
        channel.writeInbound(bytes("1"));
        assertThatThrownBy(() -> channel.writeInbound(bytes("2x <85>1 - m")))
                .isInstanceOf(DecoderException.class).hasMessageContaining("not a number");
    }

    @Test
    void aLengthOfMoreThanTenDigitsIsACorruptFrame() {
        assertThatThrownBy(() -> channel.writeInbound(bytes("99999999999999999")))
                .isInstanceOf(DecoderException.class).hasMessageContaining("longer than 10 digits");
    }

    @Test
    void aHugeDeclaredLengthIsOversizeWithoutBufferingIt() {
        channel.writeInbound(bytes("999999999 <85>1 - the start of a very long message"));
        assertThat(frames()).as("waits for the bytes it keeps").isEmpty();
        channel.writeInbound(bytes("z".repeat(SyslogFrameDecoder.OVERSIZE_KEPT_BYTES)));
        List<SyslogFrame> frames = frames();
        assertThat(frames).hasSize(1);
        SyslogFrame.Oversize oversize = (SyslogFrame.Oversize) frames.get(0);
        assertThat(oversize.declaredSize()).isEqualTo(999_999_999L);
        assertThat(new String(oversize.firstBytes(), StandardCharsets.UTF_8)).startsWith("<85>1 - the start");
        assertThat(oversize.firstBytes()).hasSize(SyslogFrameDecoder.OVERSIZE_KEPT_BYTES);
        channel.writeInbound(bytes("more bytes that are discarded"));
        assertThat(frames()).isEmpty();
    }

    @Test
    void anLfMessageLongerThanTheMaximumIsOversizeNeverTruncated() {
        channel.writeInbound(bytes("<85>1 - " + "x".repeat(MAX + 10)));
        List<SyslogFrame> frames = frames();
        assertThat(frames).singleElement().isInstanceOf(SyslogFrame.Oversize.class);
        assertThat(((SyslogFrame.Oversize) frames.get(0)).firstBytes()).hasSize(SyslogFrameDecoder.OVERSIZE_KEPT_BYTES);
    }

    @Test
    void aMessageOfExactlyTheMaximumPasses() {
        String message = "<85>1 - " + "y".repeat(MAX - 8);
        channel.writeInbound(bytes(octetCounted(message)));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly(message);
    }

    @Test
    void closeDuringAPartialFrameEmitsNothingAndLeaksNothing() {
        channel.writeInbound(bytes("100 <85>1 - partial"));
        assertThat(channel.finish()).isFalse();
        assertThat(frames()).isEmpty();
    }
}

package arr.collector.framing;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.validation.IssueCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
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
    void aNonNumericLengthIsKeptAsAFramingErrorAndTheRestDiscarded() {
        channel.writeInbound(bytes("1"));
        channel.writeInbound(bytes("2x <85>1 - m"));
        SyslogFrame.Unframed unframed = (SyslogFrame.Unframed) frames().get(0);
        assertThat(unframed.code()).isEqualTo(IssueCode.FRAMING_ERROR);
        assertThat(unframed.detail()).contains("not a number");
        assertThat(new String(unframed.bytes(), StandardCharsets.UTF_8)).isEqualTo("12x <85>1 - m");
        channel.writeInbound(bytes(octetCounted("<85>1 - after")));
        assertThat(frames()).as("cannot be resynchronised").isEmpty();
    }

    @Test
    void aLengthOfMoreThanTenDigitsIsAFramingError() {
        channel.writeInbound(bytes("99999999999999999"));
        assertThat(frames()).singleElement().satisfies(f -> assertThat(((SyslogFrame.Unframed) f).detail())
                .contains("longer than 10 digits"));
    }

    @Test
    void newlinesAndNulsBetweenOctetCountedFramesAreSkipped() {
        channel.writeInbound(bytes(octetCounted("<85>1 - a") + "\n" + octetCounted("<85>1 - b") + "\r\n\0" + octetCounted("<85>1 - c")));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly("<85>1 - a", "<85>1 - b", "<85>1 - c");
    }

    @Test
    void aHugeDeclaredLengthIsSkippedWithoutBufferingItAndTheNextMessageStillArrives() {
        int declared = MAX + 10_000;
        channel.writeInbound(bytes(declared + " <85>1 - the start of a very long message"));
        int sent = "<85>1 - the start of a very long message".length();
        while (sent < declared) {
            int chunk = Math.min(8192, declared - sent);
            channel.writeInbound(bytes("z".repeat(chunk)));
            sent += chunk;
            if (sent < declared) {
                assertThat(frames()).as("recorded when it ends, with what arrived").isEmpty();
            }
        }
        channel.writeInbound(bytes(octetCounted("<85>1 - the next one")));
        List<SyslogFrame> frames = frames();
        assertThat(frames).hasSize(2);
        SyslogFrame.Oversize oversize = (SyslogFrame.Oversize) frames.get(0);
        assertThat(oversize.declaredSize()).isEqualTo(declared);
        assertThat(oversize.receivedSize()).isEqualTo(declared);
        assertThat(oversize.incomplete()).isFalse();
        assertThat(new String(oversize.firstBytes(), StandardCharsets.UTF_8)).startsWith("<85>1 - the start");
        assertThat(oversize.firstBytes()).hasSize(SyslogFrameDecoder.OVERSIZE_KEPT_BYTES);
        assertThat(text(frames.get(1))).isEqualTo("<85>1 - the next one");
    }

    @Test
    void aConnectionEndingInsideAnOversizeMessageRecordsWhatArrivedNotWhatWasAnnounced() {
        channel.writeInbound(bytes("999999999 <85>1 - the start" + "z".repeat(10_000)));
        assertThat(frames()).isEmpty();
        assertThat(channel.finish()).isTrue();
        SyslogFrame.Oversize oversize = (SyslogFrame.Oversize) frames().get(0);
        assertThat(oversize.receivedSize()).isEqualTo("<85>1 - the start".length() + 10_000);
        assertThat(oversize.declaredSize()).isEqualTo(999_999_999L);
        assertThat(oversize.incomplete()).isTrue();
        assertThat(oversize.firstBytes()).hasSize(SyslogFrameDecoder.OVERSIZE_KEPT_BYTES);
    }

    @Test
    void anLfMessageLongerThanTheMaximumIsOversizeNeverTruncatedAndTheNextLineArrives() {
        channel.writeInbound(bytes("<85>1 - " + "x".repeat(MAX + 10)));
        assertThat(frames()).as("skipping to its LF").isEmpty();
        channel.writeInbound(bytes("x".repeat(100) + "\r\n<85>1 - next\n"));
        List<SyslogFrame> frames = frames();
        assertThat(frames).hasSize(2);
        SyslogFrame.Oversize oversize = (SyslogFrame.Oversize) frames.get(0);
        assertThat(oversize.firstBytes()).hasSize(SyslogFrameDecoder.OVERSIZE_KEPT_BYTES);
        assertThat(oversize.receivedSize()).isEqualTo(8 + MAX + 10 + 100);
        assertThat(oversize.declaredSize()).isEqualTo(-1);
        assertThat(text(frames.get(1))).isEqualTo("<85>1 - next");
    }

    @Test
    void anLfMessageOverTheMaximumArrivingWholeIsOversizeAndTheNextLineArrives() {
        channel.writeInbound(bytes("<85>1 - " + "x".repeat(MAX + 10) + "\n<85>1 - next\n"));
        List<SyslogFrame> frames = frames();
        assertThat(frames).hasSize(2);
        assertThat(((SyslogFrame.Oversize) frames.get(0)).receivedSize()).isEqualTo(8 + MAX + 10);
        assertThat(text(frames.get(1))).isEqualTo("<85>1 - next");
    }

    @Test
    void aMessageOfExactlyTheMaximumPasses() {
        String message = "<85>1 - " + "y".repeat(MAX - 8);
        channel.writeInbound(bytes(octetCounted(message)));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly(message);
    }

    @Test
    void aConnectionEndingInsideAnOctetCountedFrameKeepsWhatArrivedAsIncomplete() {
        channel.writeInbound(bytes("100 <85>1 - partial"));
        assertThat(channel.finish()).isTrue();
        SyslogFrame.Unframed unframed = (SyslogFrame.Unframed) frames().get(0);
        assertThat(unframed.code()).isEqualTo(IssueCode.INCOMPLETE_FRAME);
        assertThat(new String(unframed.bytes(), StandardCharsets.UTF_8)).isEqualTo("<85>1 - partial");
        assertThat(unframed.detail()).contains("after 15 of the 100 bytes");
    }

    @Test
    void aConnectionEndingInsideAnOctetCountIsIncompleteToo() {
        channel.writeInbound(bytes(octetCounted("<85>1 - whole") + "12"));
        assertThat(channel.finish()).isTrue();
        List<SyslogFrame> frames = frames();
        assertThat(text(frames.get(0))).isEqualTo("<85>1 - whole");
        assertThat(((SyslogFrame.Unframed) frames.get(1)).detail()).contains("inside an octet count");
    }

    @Test
    void anLfFramedLastMessageWithoutItsLfIsAMessageWhenTheConnectionEnds() {
        channel.writeInbound(bytes("<85>1 - one\n<85>1 - last, no LF\r"));
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly("<85>1 - one");
        assertThat(channel.finish()).isTrue();
        assertThat(frames()).extracting(SyslogFrameDecoderTest::text).containsExactly("<85>1 - last, no LF");
    }

    @Test
    void aLoneCrAtTheEndOfAConnectionIsNoMessage() {
        channel.writeInbound(bytes("<85>1 - one\n\r"));
        assertThat(frames()).hasSize(1);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aConnectionEndingAfterWholeFramesEmitsNothingMore() {
        channel.writeInbound(bytes("<85>1 - one\n\n"));
        assertThat(frames()).hasSize(1);
        assertThat(channel.finish()).isFalse();
    }
}

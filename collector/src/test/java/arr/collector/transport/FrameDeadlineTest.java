package arr.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;

import arr.collector.framing.SyslogFrame;
import arr.collector.framing.SyslogFrameDecoderClock;
import arr.collector.metrics.CollectorMetrics;
import arr.schemas.validation.IssueCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A sender that drips a message to hold its connection loses the connection; a busy or paused one does not. */
class FrameDeadlineTest {

    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FrameDeadline deadline;
    private final EmbeddedChannel channel;

    FrameDeadlineTest() {
        var decoder = SyslogFrameDecoderClock.decoder(65_536, now::get);
        deadline = new FrameDeadline(decoder, Duration.ofSeconds(60), new CollectorMetrics(registry), "tcp");
        channel = new EmbeddedChannel(decoder, deadline);
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private void after(Duration duration) {
        now.addAndGet(duration.toNanos());
        deadline.check(channel.pipeline().context(deadline));
    }

    private List<SyslogFrame> frames() {
        List<SyslogFrame> frames = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((SyslogFrame) o);
        }
        return frames;
    }

    @Test
    void aMessageIncompleteForLongerThanTheTimeoutEndsTheConnectionAndWhatArrivedIsKept() {
        send("100 <85>1 - drip");
        after(Duration.ofSeconds(30));
        send("p");
        after(Duration.ofSeconds(29));
        assertThat(channel.isOpen()).as("a byte now and then is no progress").isTrue();
        after(Duration.ofSeconds(2));
        assertThat(channel.isOpen()).isFalse();
        assertThat(frames()).singleElement().satisfies(f -> assertThat(((SyslogFrame.Unframed) f).code())
                .isEqualTo(IssueCode.INCOMPLETE_FRAME));
        assertThat(registry.counter("arr.collector.frame.timeouts", "protocol", "tcp").count()).isEqualTo(1);
    }

    @Test
    void aBusyConnectionWhoseReadsEndMidMessageIsNeverOverdue() {
        for (int i = 0; i < 10; i++) {
            send("9 <85>1 - " + i + "\n9 <85>1 - ");
            after(Duration.ofSeconds(30));
            send(i + "\n");
        }
        assertThat(channel.isOpen()).isTrue();
        assertThat(frames()).hasSize(20);
    }

    @Test
    void timeWhileTheCollectorDoesNotReadDoesNotCount() {
        send("100 <85>1 - waiting for the collector");
        channel.config().setAutoRead(false);
        after(Duration.ofMinutes(10));
        channel.config().setAutoRead(true);
        after(Duration.ofSeconds(59));
        assertThat(channel.isOpen()).isTrue();
        after(Duration.ofSeconds(2));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aConnectionWithNothingIncompleteStaysOpen() {
        send("9 <85>1 - a");
        after(Duration.ofMinutes(5));
        assertThat(channel.isOpen()).isTrue();
    }
}

package arr.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.Transport;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import org.junit.jupiter.api.Test;

class InboundAuditHandlerTest {

    /**
     * While Kafka is behind, the collector stops reading: the connection looks idle because of the collector, and
     * closing it would throw away what the device sent and the kernel still holds. Reading again, idle means idle.
     */
    @Test
    void aConnectionIdleOnlyBecauseReadingIsPausedIsKeptOpen() {
        EmbeddedChannel channel = new EmbeddedChannel(new InboundAuditHandler(null, Transport.TCP));
        channel.config().setAutoRead(false);
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(channel.isOpen()).isTrue();

        channel.config().setAutoRead(true);
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(channel.isOpen()).isFalse();
    }
}

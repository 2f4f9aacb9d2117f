package arr.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class EnvelopeFactoryTest {

    private final EnvelopeFactory envelopes = new EnvelopeFactory(AuditMessageValidator.withDefaults(), Clock.systemUTC(), 65_536);
    private final byte[] start = "<85>1 2026-11-28T10:00:00Z host app - - - <AuditMessage>".getBytes(StandardCharsets.UTF_8);

    /** The size recorded is what arrived, never what a sender announced: a 10-digit octet count is no 10 GB received. */
    @Test
    void anOversizeMessageCutShortIsRecordedWithTheBytesThatArrived() {
        AuditEnvelope cut = envelopes.oversize(start, 14_000, 9_999_999_999L, Transport.TCP, "127.0.0.1", 50_000, null);
        assertThat(cut.rawSize()).isEqualTo(14_000);
        assertThat(cut.validation().issues().get(0).message())
                .contains("announced as 9999999999 bytes (the connection ended after 14000)");

        AuditEnvelope whole = envelopes.oversize(start, 300_000, 300_000, Transport.TCP, "127.0.0.1", 50_000, null);
        assertThat(whole.rawSize()).isEqualTo(300_000);
        assertThat(whole.validation().issues().get(0).message()).startsWith("a syslog message of 300000 bytes exceeds");
        assertThat(whole.transport().syslog().hostname()).isEqualTo("host");
    }
}

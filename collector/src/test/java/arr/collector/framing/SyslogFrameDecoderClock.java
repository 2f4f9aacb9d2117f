package arr.collector.framing;

import java.util.function.LongSupplier;

/** A decoder on a clock the test sets, for tests outside this package. */
public final class SyslogFrameDecoderClock {

    private SyslogFrameDecoderClock() {
    }

    public static SyslogFrameDecoder decoder(int maxMessageBytes, LongSupplier nanos) {
        return new SyslogFrameDecoder(maxMessageBytes, nanos);
    }
}

package arr.collector.framing;

/**
 * What the frame decoder emits: a whole syslog message, or an oversize one that was cut off.
 */
public sealed interface SyslogFrame permits SyslogFrame.Message, SyslogFrame.Oversize {

    /** One syslog message (the octet count or the LF trailer removed). */
    record Message(byte[] bytes) implements SyslogFrame {
    }

    /**
     * A message longer than the maximum: never truncated into the pipeline as if it were whole; its first
     * bytes are kept so it can be recorded as rejected, and the connection is closed.
     *
     * @param firstBytes  the start of the message, as received
     * @param declaredSize the octet count it announced, or the bytes seen so far without an LF
     */
    record Oversize(byte[] firstBytes, long declaredSize) implements SyslogFrame {
    }
}

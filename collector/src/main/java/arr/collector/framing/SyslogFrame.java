package arr.collector.framing;

import arr.schemas.validation.IssueCode;

/**
 * What the frame decoder emits: a whole syslog message, an oversize one that was skipped, or bytes that are no whole
 * message (the connection ended inside one, or its octet count was unreadable). Whatever arrived becomes one of these:
 * nothing received is dropped without a record.
 */
public sealed interface SyslogFrame permits SyslogFrame.Message, SyslogFrame.Oversize, SyslogFrame.Unframed {

    /** One syslog message (the octet count or the LF trailer removed). */
    record Message(byte[] bytes) implements SyslogFrame {
    }

    /**
     * A message longer than the maximum: never truncated into the pipeline as if it were whole; its first bytes are
     * kept so it can be recorded as rejected, the rest was skipped, and the connection goes on with the next message.
     *
     * @param firstBytes   the start of the message, as received
     * @param receivedSize how many bytes of it arrived (all of it, unless the connection ended first)
     * @param declaredSize the octet count it announced, or -1 with LF framing
     */
    record Oversize(byte[] firstBytes, long receivedSize, long declaredSize) implements SyslogFrame {

        /** Whether the connection ended before the announced length arrived. */
        public boolean incomplete() {
            return declaredSize >= 0 && receivedSize < declaredSize;
        }
    }

    /**
     * Bytes that are not a whole message: {@link IssueCode#INCOMPLETE_FRAME} when the connection ended inside an
     * octet-counted message, {@link IssueCode#FRAMING_ERROR} when an octet count could not be read (the stream cannot
     * be split any further, so the connection is closed).
     */
    record Unframed(byte[] bytes, IssueCode code, String detail) implements SyslogFrame {
    }
}

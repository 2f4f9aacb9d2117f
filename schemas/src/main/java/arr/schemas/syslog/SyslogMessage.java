package arr.schemas.syslog;

import java.util.Arrays;

/**
 * A parsed syslog message: its header and where MSG starts in the received bytes (MSG is left as bytes,
 * exactly as received, BOM included).
 */
public record SyslogMessage(SyslogHeader header, byte[] frame, int msgOffset) {

    /** MSG as a copy of the received bytes. */
    public byte[] msg() {
        return Arrays.copyOfRange(frame, msgOffset, frame.length);
    }
}

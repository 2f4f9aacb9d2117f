package arr.schemas.envelope;

import arr.schemas.syslog.SyslogHeader;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a message arrived.
 *
 * @param protocol   {@code tls}, {@code tcp}, {@code udp}, or {@code internal} for the repository's own events
 * @param peer       the sender's IP address (no reverse DNS lookup is ever made)
 * @param peerPort   the sender's port, or null
 * @param tlsSubject the subject DN of the client certificate on TLS, else null
 * @param syslog     the syslog header as received
 * @param msgOffset  where MSG starts in the envelope's raw bytes (after the syslog header)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transport(String protocol, String peer, Integer peerPort, String tlsSubject, SyslogHeader syslog,
                        int msgOffset) {

    public static final String TLS = "tls";
    public static final String TCP = "tcp";
    public static final String UDP = "udp";
    public static final String INTERNAL = "internal";
}

package arr.query.search;

import arr.schemas.envelope.Transport;
import arr.schemas.syslog.SyslogHeader;
import com.fasterxml.jackson.annotation.JsonInclude;

/** How a message arrived, as the API shows it: protocol, peer, TLS subject and the syslog header fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransportView(String protocol, String peer, Integer peerPort, String tlsSubject, SyslogHeader syslog) {

    static TransportView of(Transport t) {
        return t == null ? null : new TransportView(t.protocol(), t.peer(), t.peerPort(), t.tlsSubject(), t.syslog());
    }
}

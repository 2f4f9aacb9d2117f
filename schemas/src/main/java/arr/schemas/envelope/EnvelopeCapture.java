package arr.schemas.envelope;

import arr.schemas.syslog.Rfc5424Parser;
import arr.schemas.syslog.SyslogMessage;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidatedMessage;
import java.time.Instant;
import java.util.UUID;

/**
 * Capture first, parse later: wraps the bytes exactly as received with a new ID, the receipt time and the
 * transport, parses the syslog header, validates the MSG once, and puts the verdict and the normalized event in
 * the envelope. Used by the collector for devices' messages and by every service for its own. Never throws for
 * any input.
 */
public final class EnvelopeCapture {

    private EnvelopeCapture() {
    }

    /**
     * @param frame      one syslog message without transport framing
     * @param protocol   {@link Transport#TLS}, {@link Transport#TCP}, {@link Transport#UDP} or {@link Transport#INTERNAL}
     * @param peer       the sender's IP address
     * @param peerPort   the sender's port, or null
     * @param tlsSubject the client certificate's subject on TLS, else null
     */
    public static AuditEnvelope capture(AuditMessageValidator validator, Instant receivedAt, byte[] frame, String protocol,
                                        String peer, Integer peerPort, String tlsSubject) {
        SyslogMessage syslog = Rfc5424Parser.parse(frame);
        ValidatedMessage validated = validator.validate(syslog.msg());
        return new AuditEnvelope(AuditEnvelope.VERSION, UUID.randomUUID(), receivedAt, frame, frame.length,
                new Transport(protocol, peer, peerPort, tlsSubject, syslog.header(), syslog.msgOffset()),
                validated.result(), validated.event().orElse(null));
    }
}

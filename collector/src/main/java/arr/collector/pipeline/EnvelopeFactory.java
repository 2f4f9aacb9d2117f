package arr.collector.pipeline;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.Transport;
import arr.schemas.event.Dialect;
import arr.schemas.index.EventPlacement;
import arr.schemas.index.PlacementRules;
import arr.schemas.syslog.Rfc5424Parser;
import arr.schemas.syslog.SyslogHeader;
import arr.schemas.syslog.SyslogMessage;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import arr.schemas.validation.ValidationResult;
import arr.schemas.validation.ValidationStatus;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The collector's envelopes: {@link EnvelopeCapture} for what arrives, and the invalid envelope of an oversize
 * message. Never throws for any input.
 */
public final class EnvelopeFactory {

    private final AuditMessageValidator validator;
    private final Clock clock;
    private final int maxMessageBytes;
    private final PlacementRules placement;

    public EnvelopeFactory(AuditMessageValidator validator, Clock clock, int maxMessageBytes) {
        this(validator, clock, maxMessageBytes, PlacementRules.NONE);
    }

    /**
     * @param placement how events are filed: settled here, once, so that the metrics count the verdict the document
     *                  carries ({@link EventPlacement#settled})
     */
    public EnvelopeFactory(AuditMessageValidator validator, Clock clock, int maxMessageBytes, PlacementRules placement) {
        this.placement = placement;
        this.validator = validator;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * @param frame      one syslog message without transport framing
     * @param protocol   {@link Transport#TLS}, {@link Transport#TCP}, {@link Transport#UDP} or {@link Transport#INTERNAL}
     * @param peer       the sender's IP address
     * @param peerPort   the sender's port, or null
     * @param tlsSubject the client certificate's subject on TLS, else null
     */
    public AuditEnvelope received(byte[] frame, String protocol, String peer, Integer peerPort, String tlsSubject) {
        return EventPlacement.settled(EnvelopeCapture.capture(validator, clock.instant(), frame, protocol, peer, peerPort, tlsSubject),
                placement);
    }

    /**
     * A message longer than the maximum: recorded as invalid with its first bytes, never truncated into an event.
     *
     * @param received how many bytes of it arrived: its size, unless the connection ended first
     * @param declared the size its octet count announced, or -1 with LF framing
     */
    public AuditEnvelope oversize(byte[] firstBytes, long received, long declared, String protocol, String peer, Integer peerPort,
                                  String tlsSubject) {
        String size = declared > received
                ? "a syslog message announced as " + declared + " bytes (the connection ended after " + received + ")"
                : "a syslog message of " + received + " bytes";
        return rejected(firstBytes, received, Issue.of(IssueCode.TOO_LARGE, size + " exceeds the collector's maximum of "
                + maxMessageBytes + " (arr.collector.max-message-bytes); its first " + firstBytes.length + " bytes are kept",
                "/"), protocol, peer, peerPort, tlsSubject);
    }

    /** Bytes that are no whole syslog message (see {@code SyslogFrame.Unframed}): recorded as invalid, as received. */
    public AuditEnvelope unframed(byte[] bytes, IssueCode code, String detail, String protocol, String peer, Integer peerPort,
                                  String tlsSubject) {
        return rejected(bytes, bytes.length, Issue.of(code, detail, "/"), protocol, peer, peerPort, tlsSubject);
    }

    /**
     * A message the collector failed on (a defect, not the message's fault): recorded as invalid and whole, so that it
     * can be found in the quarantine and sent again once the defect is fixed.
     */
    public AuditEnvelope failed(byte[] frame, Throwable failure, String protocol, String peer, Integer peerPort,
                                String tlsSubject) {
        return rejected(frame, frame.length, Issue.of(IssueCode.PROCESSING_ERROR, "the collector failed on this message ("
                + failure.getClass().getName() + "); it is kept as received", "/"), protocol, peer, peerPort, tlsSubject);
    }

    private AuditEnvelope rejected(byte[] bytes, long size, Issue issue, String protocol, String peer, Integer peerPort,
                                   String tlsSubject) {
        ValidationResult rejected = new ValidationResult(ValidationStatus.INVALID, Dialect.UNKNOWN, null, List.of(issue));
        SyslogMessage syslog;
        try {
            syslog = Rfc5424Parser.parse(bytes);
        } catch (RuntimeException e) {
            // Only for a message the collector failed on, in case the header parser was what failed.
            syslog = new SyslogMessage(SyslogHeader.none(), bytes, 0);
        }
        return new AuditEnvelope(AuditEnvelope.VERSION, UUID.randomUUID(), clock.instant(), bytes, size,
                new Transport(protocol, peer, peerPort, tlsSubject, syslog.header(), syslog.msgOffset()), rejected, null);
    }
}

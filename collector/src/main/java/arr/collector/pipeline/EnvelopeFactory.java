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

    /** A message longer than the maximum: recorded as invalid with its first bytes, never truncated into an event. */
    public AuditEnvelope oversize(byte[] firstBytes, long size, String protocol, String peer, Integer peerPort,
                                  String tlsSubject) {
        ValidationResult rejected = new ValidationResult(ValidationStatus.INVALID, Dialect.UNKNOWN, null, List.of(
                Issue.of(IssueCode.TOO_LARGE, "a syslog message of " + size + " bytes exceeds the collector's maximum of "
                        + maxMessageBytes + " (arr.collector.max-message-bytes); its first " + firstBytes.length
                        + " bytes are kept", "/")));
        SyslogMessage syslog = Rfc5424Parser.parse(firstBytes);
        SyslogHeader header = syslog.header();
        return new AuditEnvelope(AuditEnvelope.VERSION, UUID.randomUUID(), clock.instant(), firstBytes, size,
                new Transport(protocol, peer, peerPort, tlsSubject, header, syslog.msgOffset()), rejected, null);
    }
}

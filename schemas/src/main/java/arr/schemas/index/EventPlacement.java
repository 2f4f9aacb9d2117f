package arr.schemas.index;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import arr.schemas.validation.ValidationResult;
import arr.schemas.validation.ValidationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which time files a message in its monthly index: a normalized event's own time, unless that is before 1990 or
 * more than a day after receipt (then the receipt time, and the document says so); an invalid message's receipt
 * time. "After receipt" is measured from the receipt time, never from a clock, so that a replay months later
 * files and chains every record exactly as the first pass did. Decided once, where the document is made.
 */
public final class EventPlacement {

    private static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private EventPlacement() {
    }

    /** Whether the event's own time places it (false for an invalid message, which has none). */
    public static boolean eventTimePlausible(AuditEnvelope envelope) {
        if (envelope.event() == null) {
            return false;
        }
        Instant eventTime = envelope.event().eventTime().value().toInstant();
        return !eventTime.isBefore(EARLIEST) && !eventTime.isAfter(envelope.receivedAt().plus(FUTURE_TOLERANCE));
    }

    /** The time whose UTC month names the message's index. */
    public static Instant placementTime(AuditEnvelope envelope) {
        return eventTimePlausible(envelope) ? envelope.event().eventTime().value().toInstant() : envelope.receivedAt();
    }

    /**
     * The envelope as it is filed: with an {@code EVENT_TIME_IMPLAUSIBLE} issue added to its verdict (a warning from
     * then on) when its event time cannot place it; unchanged otherwise, and for invalid messages.
     */
    public static AuditEnvelope settled(AuditEnvelope envelope) {
        if (envelope.event() == null || eventTimePlausible(envelope)
                || envelope.validation().hasIssue(IssueCode.EVENT_TIME_IMPLAUSIBLE.name())) {
            return envelope;
        }
        ValidationResult validation = envelope.validation();
        List<Issue> issues = new ArrayList<>(validation.issues());
        issues.add(Issue.of(IssueCode.EVENT_TIME_IMPLAUSIBLE, "EventDateTime '" + envelope.event().eventTime().original()
                + "' is before 1990 or more than a day after receipt; filed by receipt time", "/AuditMessage/EventIdentification/@EventDateTime"));
        ValidationResult flagged = new ValidationResult(ValidationStatus.WARNING, validation.dialect(), validation.eventId(), issues);
        return new AuditEnvelope(envelope.v(), envelope.id(), envelope.receivedAt(), envelope.raw(), envelope.rawSize(),
                envelope.transport(), flagged, envelope.event());
    }
}

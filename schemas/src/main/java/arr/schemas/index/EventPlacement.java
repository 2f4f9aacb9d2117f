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
 * more than a day after receipt, or lies in a month already past the retention policy's maximum age on receipt
 * ({@link PlacementRules}); then the receipt time, and the document says so with an issue. An invalid message's
 * receipt time. Everything is measured from the receipt time, never from a clock, and decided once, where the
 * document is made (the issue then records the decision), so that a replay months later files and chains every
 * record exactly as the first pass did.
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

    /**
     * The time whose UTC month names the message's index, for an envelope as filed ({@link #settled}): its
     * {@code EVENT_PAST_RETENTION} issue, once added, keeps it at its receipt time whatever the policy says later.
     */
    public static Instant placementTime(AuditEnvelope envelope) {
        return eventTimePlausible(envelope) && !envelope.validation().hasIssue(IssueCode.EVENT_PAST_RETENTION.name())
                ? envelope.event().eventTime().value().toInstant() : envelope.receivedAt();
    }

    /** {@link #settled(AuditEnvelope, PlacementRules)} without a retention maximum. */
    public static AuditEnvelope settled(AuditEnvelope envelope) {
        return settled(envelope, PlacementRules.NONE);
    }

    /**
     * The envelope as it is filed: with an {@code EVENT_TIME_IMPLAUSIBLE} or {@code EVENT_PAST_RETENTION} issue added
     * to its verdict (a warning from then on) when its event time cannot place it; unchanged otherwise, for invalid
     * messages, and for an envelope already settled.
     */
    public static AuditEnvelope settled(AuditEnvelope envelope, PlacementRules rules) {
        if (envelope.event() == null || envelope.validation().hasIssue(IssueCode.EVENT_TIME_IMPLAUSIBLE.name())
                || envelope.validation().hasIssue(IssueCode.EVENT_PAST_RETENTION.name())) {
            return envelope;
        }
        Issue issue;
        if (!eventTimePlausible(envelope)) {
            issue = Issue.of(IssueCode.EVENT_TIME_IMPLAUSIBLE, "EventDateTime '" + envelope.event().eventTime().original()
                    + "' is before 1990 or more than a day after receipt; filed by receipt time", "/AuditMessage/EventIdentification/@EventDateTime");
        } else if (rules.pastRetention(envelope.event().eventTime().value().toInstant(), envelope.receivedAt())) {
            issue = Issue.of(IssueCode.EVENT_PAST_RETENTION, "EventDateTime '" + envelope.event().eventTime().original()
                    + "' lies in a month already past the retention maximum of " + rules.maxAge().orElseThrow()
                    + " on receipt; filed by receipt time", "/AuditMessage/EventIdentification/@EventDateTime");
        } else {
            return envelope;
        }
        ValidationResult validation = envelope.validation();
        List<Issue> issues = new ArrayList<>(validation.issues());
        issues.add(issue);
        ValidationResult flagged = new ValidationResult(ValidationStatus.WARNING, validation.dialect(), validation.eventId(), issues);
        return new AuditEnvelope(envelope.v(), envelope.id(), envelope.receivedAt(), envelope.raw(), envelope.rawSize(),
                envelope.transport(), flagged, envelope.event());
    }
}

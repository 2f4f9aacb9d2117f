package arr.indexer.transform;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import arr.schemas.validation.ValidationResult;
import arr.schemas.validation.ValidationStatus;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Monthly indices: normalized events in {@code audit-events-YYYY.MM} by event time (UTC month), invalid
 * messages in {@code audit-quarantine-YYYY.MM} by receipt time. An event time more than a day in the future
 * or before 1990 cannot be trusted to place the event, so the receipt time is used (and the document says so).
 * "The future" is measured from the receipt time, never from the indexer's clock, so that a replay months later
 * files and chains every record exactly as the first pass did.
 */
public final class IndexNameResolver {

    private IndexNameResolver() {
    }

    public static final String EVENTS_PREFIX = "audit-events-";
    public static final String QUARANTINE_PREFIX = "audit-quarantine-";
    private static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    public static String indexFor(AuditEnvelope envelope) {
        if (envelope.event() == null) {
            return QUARANTINE_PREFIX + month(envelope.receivedAt());
        }
        return EVENTS_PREFIX + month(placementTime(envelope));
    }

    /** Whether the event's own time places it, or the receipt time had to. */
    public static boolean eventTimePlausible(AuditEnvelope envelope) {
        Instant eventTime = envelope.event().eventTime().value().toInstant();
        return !eventTime.isBefore(EARLIEST) && !eventTime.isAfter(envelope.receivedAt().plus(FUTURE_TOLERANCE));
    }

    /** The envelope with an {@code EVENT_TIME_IMPLAUSIBLE} issue added to its verdict (a warning from then on). */
    public static AuditEnvelope flagImplausibleTime(AuditEnvelope envelope) {
        ValidationResult validation = envelope.validation();
        List<Issue> issues = new ArrayList<>(validation.issues());
        issues.add(Issue.of(IssueCode.EVENT_TIME_IMPLAUSIBLE, "EventDateTime '" + envelope.event().eventTime().original()
                + "' is before 1990 or more than a day after receipt; filed by receipt time", "/AuditMessage/EventIdentification/@EventDateTime"));
        ValidationResult flagged = new ValidationResult(ValidationStatus.WARNING, validation.dialect(), validation.eventId(), issues);
        return new AuditEnvelope(envelope.v(), envelope.id(), envelope.receivedAt(), envelope.raw(), envelope.rawSize(),
                envelope.transport(), flagged, envelope.event());
    }

    private static Instant placementTime(AuditEnvelope envelope) {
        return eventTimePlausible(envelope) ? envelope.event().eventTime().value().toInstant() : envelope.receivedAt();
    }

    private static String month(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        return String.format("%04d.%02d", utc.getYear(), utc.getMonthValue());
    }
}

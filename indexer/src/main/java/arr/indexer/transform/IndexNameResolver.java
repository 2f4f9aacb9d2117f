package arr.indexer.transform;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.index.EventPlacement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Monthly indices: normalized events in {@code audit-events-YYYY.MM} by their placement time (UTC month; the event
 * time, or the receipt time when that cannot place it, see {@link EventPlacement}), invalid messages in
 * {@code audit-quarantine-YYYY.MM} by receipt time.
 */
public final class IndexNameResolver {

    private IndexNameResolver() {
    }

    public static final String EVENTS_PREFIX = "audit-events-";
    public static final String QUARANTINE_PREFIX = "audit-quarantine-";

    public static String indexFor(AuditEnvelope envelope) {
        return indexFor(envelope.event() == null, EventPlacement.placementTime(envelope));
    }

    /** @param placedAt the time whose month names the index (the receipt time for a quarantined message) */
    public static String indexFor(boolean quarantine, Instant placedAt) {
        return (quarantine ? QUARANTINE_PREFIX : EVENTS_PREFIX) + month(placedAt);
    }

    private static String month(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        return String.format("%04d.%02d", utc.getYear(), utc.getMonthValue());
    }
}

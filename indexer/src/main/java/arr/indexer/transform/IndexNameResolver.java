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
        int year = utc.getYear();
        int month = utc.getMonthValue();
        // Not String.format: this runs for every record, and formatting cost more than the rest of filing it.
        StringBuilder name = new StringBuilder(7);
        if (year >= 0 && year < 1000) {
            name.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        return name.append(year).append(month < 10 ? ".0" : ".").append(month).toString();
    }
}

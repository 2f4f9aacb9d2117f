package arr.indexer.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A command-line time: an ISO-8601 instant, an offset date-time, or a date (a whole UTC day). */
public final class TimeArgument {

    private TimeArgument() {
    }

    /** @param endOfDay for a date, its last instant rather than its first */
    public static Instant parse(String value, boolean endOfDay) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notOffset) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1).atStartOfDay().minusNanos(1) : day.atStartOfDay()).toInstant(ZoneOffset.UTC);
            }
        }
    }
}

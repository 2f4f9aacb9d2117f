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

    /**
     * @param option   the option it was given to, named in the error
     * @param endOfDay for a date, its last instant rather than its first
     * @throws IllegalArgumentException naming the option and the forms it takes
     */
    public static Instant parse(String option, String value, boolean endOfDay) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    LocalDate day = LocalDate.parse(value);
                    return (endOfDay ? day.plusDays(1).atStartOfDay().minusNanos(1) : day.atStartOfDay()).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException(option + " takes a date (2026-11-01) or an ISO-8601 time with its zone "
                            + "(2026-11-01T08:00:00Z, 2026-11-01T09:00:00+01:00), not '" + value + "'");
                }
            }
        }
    }

    /** @throws IllegalArgumentException when the range is empty because {@code from} is after {@code to} */
    public static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--from (" + from + ") is after --to (" + to + "): the range is empty");
        }
    }
}

package arr.schemas.index;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The deployment's part in filing a message: the retention policy's maximum age. An event whose month was already
 * past it when the message arrived may have had its index deleted by the retention policy; filed there, it would
 * re-create that month (a new hash chain against the old month's checkpoints, and a month the policy just deleted).
 * Such an event is filed by its receipt time instead ({@link EventPlacement}).
 *
 * @param maxAge the retention policy's {@code max-age}; empty when nothing is ever deleted
 */
public record PlacementRules(Optional<Period> maxAge) {

    /** No retention maximum: every plausible event time places its event. */
    public static final PlacementRules NONE = new PlacementRules(Optional.empty());

    /**
     * @param maxAge  an ISO-8601 period, or null or blank for none
     * @param setting the setting it came from, named in the error
     */
    public static PlacementRules of(String maxAge, String setting) {
        if (maxAge == null || maxAge.isBlank()) {
            return NONE;
        }
        try {
            return new PlacementRules(Optional.of(Period.parse(maxAge.strip())));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting + " must be an ISO-8601 period such as P6Y or P90D, not '" + maxAge + "'", e);
        }
    }

    /** The first instant after the UTC month of {@code time}. */
    public static Instant monthEnd(Instant time) {
        return YearMonth.from(time.atZone(ZoneOffset.UTC)).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * A month reaching its maximum age within this long after a message's receipt counts as past it already: the
     * retention policy runs hourly, and a message received just before its month is deleted may be indexed just after.
     */
    public static final Duration MARGIN = Duration.ofDays(1);

    /**
     * Whether the month of {@code eventTime} is past the maximum age at {@code receivedAt}, or will be within
     * {@link #MARGIN}: the test the retention policy applies to a month's index (its end plus max-age reached).
     */
    public boolean pastRetention(Instant eventTime, Instant receivedAt) {
        return maxAge.isPresent()
                && !monthEnd(eventTime).atZone(ZoneOffset.UTC).plus(maxAge.get()).toInstant().isAfter(receivedAt.plus(MARGIN));
    }
}

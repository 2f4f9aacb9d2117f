package arr.query.search;

import arr.query.api.BadRequestException;
import java.time.Instant;

/**
 * The {@code from} and {@code to} parameters of a request, both optional and inclusive; {@code from} after {@code to}
 * is a 400.
 */
public record TimeRange(Instant from, Instant to) {

    public static TimeRange of(RequestParameters parameters) {
        Instant from = parameters.time("from");
        Instant to = parameters.timeUntil("to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadRequestException("'from' is after 'to'");
        }
        return new TimeRange(from, to);
    }
}

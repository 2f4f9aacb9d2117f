package arr.query.search;

import arr.query.api.BadRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a request's query parameters strictly: an unknown parameter, a repeated one, a value too long or holding
 * control characters, or a value of the wrong form is a 400 naming the parameter. Values are only ever used as
 * term values, never spliced into query text.
 */
public final class RequestParameters {

    static final int MAX_VALUE_LENGTH = 512;

    private final Map<String, List<String>> values;

    public RequestParameters(Map<String, List<String>> values, Set<String> allowed) {
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw new BadRequestException("unknown parameter '" + shorten(entry.getKey()) + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            for (String value : entry.getValue()) {
                check(entry.getKey(), value);
            }
        }
        this.values = values;
    }

    /** The one value of {@code name}, or null when absent. */
    public String text(String name) {
        List<String> given = values.get(name);
        if (given == null || given.isEmpty()) {
            return null;
        }
        if (given.size() > 1) {
            throw new BadRequestException("parameter '" + name + "' may be given once");
        }
        String value = given.get(0).strip();
        return value.isEmpty() ? null : value;
    }

    /** Every value of a repeatable parameter. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of()).stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** One of {@code choices}, or null. */
    public String oneOf(String name, Set<String> choices) {
        String value = text(name);
        if (value != null && !choices.contains(value)) {
            throw new BadRequestException("parameter '" + name + "' must be one of " + choices.stream().sorted().toList());
        }
        return value;
    }

    public Integer integer(String name, int min, int max) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new BadRequestException("parameter '" + name + "' must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new BadRequestException("parameter '" + name + "' must be a whole number");
        }
    }

    /** An ISO-8601 time with offset ({@code 2026-01-31T23:00:00+01:00}), or a date meaning its start (UTC). */
    public Instant time(String name) {
        return time(name, false, ZoneOffset.UTC);
    }

    /** As {@link #time}, but a date means its last millisecond (UTC): {@code to=2026-01-31} includes that day. */
    public Instant timeUntil(String name) {
        return time(name, true, ZoneOffset.UTC);
    }

    /** As {@link #time}, a date being a day in this zone (compliance reports' days are the hospital's). */
    public Instant time(String name, ZoneId zone) {
        return time(name, false, zone);
    }

    /** As {@link #timeUntil}, a date being a day in this zone. */
    public Instant timeUntil(String name, ZoneId zone) {
        return time(name, true, zone);
    }

    private Instant time(String name, boolean endOfDay, ZoneId zone) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return plausible(name, OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notATime) {
            try {
                LocalDate date = LocalDate.parse(value);
                return plausible(name, endOfDay ? date.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1)
                        : date.atStartOfDay(zone).toInstant());
            } catch (DateTimeParseException notADate) {
                throw new BadRequestException("parameter '" + name + "' must be an ISO-8601 time with offset, such as "
                        + "2026-01-31T23:00:00+01:00, or a date such as 2026-01-31");
            }
        }
    }

    /** Years 0001 to 9999: what Elasticsearch's date fields take. */
    private static Instant plausible(String name, Instant time) {
        if (time.isBefore(Instant.parse("0001-01-01T00:00:00Z")) || time.isAfter(Instant.parse("9999-12-31T23:59:59.999Z"))) {
            throw new BadRequestException("parameter '" + name + "' must be a time between the years 1 and 9999");
        }
        return time;
    }

    private static void check(String name, String value) {
        int max = "cursor".equals(name) || "_cursor".equals(name) ? CursorCodec.MAX_LENGTH : MAX_VALUE_LENGTH;
        if (value.length() > max) {
            throw new BadRequestException("parameter '" + name + "' is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFE' || c == '\uFFFF' || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(++i)))) {
                throw new BadRequestException("parameter '" + name + "' contains a control or non-character");
            }
        }
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}

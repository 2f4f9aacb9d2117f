package arr.schemas.mapping;

import arr.schemas.event.EventTime;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code EventDateTime} (xsd:dateTime) leniently, as A.5.2.5 asks: second {@code 60} (a leap
 * second) is accepted and read as {@code :59.999999999}; a missing zone is read as UTC and flagged;
 * fractions beyond nanoseconds are cut; the sender's offset is kept.
 */
public final class EventTimeParser {

    private static final Pattern DATE_TIME = Pattern.compile(
            "\\s*(-?\\d{4,})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(Z|[+-]\\d{2}:\\d{2})?\\s*");

    private EventTimeParser() {
    }

    /** @throws DateTimeException when the text is not an xsd:dateTime or names an impossible time */
    public static EventTime parse(String text) {
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            throw new DateTimeException("'" + text + "' is not an xsd:dateTime");
        }
        int second = Integer.parseInt(m.group(6));
        boolean leapSecond = second == 60;
        int nanos = nanos(m.group(7));
        if (leapSecond) {
            second = 59;
            nanos = 999_999_999;
        }
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), hour(m.group(4)), Integer.parseInt(m.group(5)), second, nanos);
        String zone = m.group(8);
        boolean zoneAssumed = zone == null;
        ZoneOffset offset = zoneAssumed || "Z".equals(zone) ? ZoneOffset.UTC : ZoneOffset.of(zone);
        return new EventTime(OffsetDateTime.of(local, offset), text, zoneAssumed, leapSecond);
    }

    private static int hour(String text) {
        int hour = Integer.parseInt(text);
        if (hour == 24) {
            throw new DateTimeException("hour 24 is not supported");
        }
        return hour;
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String nine = fraction.length() >= 9 ? fraction.substring(0, 9) : (fraction + "000000000").substring(0, 9);
        return Integer.parseInt(nine);
    }
}

package arr.schemas.mapping;

import arr.schemas.event.EventTime;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads {@code EventDateTime} (xsd:dateTime) leniently, as A.5.2.5 asks: second {@code 60} (a leap
 * second) is accepted and read as {@code :59.999999999}; a missing zone is read as UTC and flagged;
 * fractions beyond nanoseconds are cut; the sender's offset is kept.
 *
 * <p>The accepted text is exactly what the regular expression
 * {@code \s*(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?\s*} matches (ASCII
 * digits and Java's {@code \s}); {@code 24:00:00} (with any zero fraction) is the first instant of the next day. It is read by hand because every message has one: matching that expression was
 * ~1% of the collector's CPU samples (async-profiler, 2026-11-27). {@code EventTimeParserTest} checks the two
 * agree on generated and mutated times.
 */
public final class EventTimeParser {

    private EventTimeParser() {
    }

    /** @throws DateTimeException when the text is not an xsd:dateTime or names an impossible time */
    public static EventTime parse(String text) {
        int end = text.length();
        int at = 0;
        while (at < end && isSpace(text.charAt(at))) {
            at++;
        }
        while (end > at && isSpace(text.charAt(end - 1))) {
            end--;
        }
        Cursor c = new Cursor(text, at, end);
        boolean negativeYear = c.skip('-');
        int year = c.number(4, Integer.MAX_VALUE);
        c.expect('-');
        int month = c.number(2, 2);
        c.expect('-');
        int day = c.number(2, 2);
        c.expect('T');
        int hour = c.number(2, 2);
        c.expect(':');
        int minute = c.number(2, 2);
        c.expect(':');
        int second = c.number(2, 2);
        int nanos = 0;
        if (c.skip('.')) {
            nanos = c.fraction();
        }
        String zone = null;
        if (c.skip('Z')) {
            zone = "Z";
        } else if (c.peek('+') || c.peek('-')) {
            int zoneStart = c.at;
            c.at++;
            c.number(2, 2);
            c.expect(':');
            c.number(2, 2);
            zone = text.substring(zoneStart, c.at);
        }
        if (c.at != end) {
            throw c.notADateTime();
        }
        boolean leapSecond = second == 60;
        if (leapSecond) {
            second = 59;
            nanos = 999_999_999;
        }
        // xsd:dateTime allows 24:00:00, the end of the day, which is the start of the next.
        boolean endOfDay = hour == 24;
        if (endOfDay && (minute != 0 || second != 0 || nanos != 0 || leapSecond)) {
            throw new DateTimeException("'" + text + "': hour 24 is allowed only as 24:00:00");
        }
        LocalDateTime local = LocalDateTime.of(negativeYear ? -year : year, month, day, endOfDay ? 0 : hour, minute, second, nanos);
        if (endOfDay) {
            local = local.plusDays(1);
        }
        boolean zoneAssumed = zone == null;
        ZoneOffset offset = zoneAssumed || "Z".equals(zone) ? ZoneOffset.UTC : ZoneOffset.of(zone);
        return new EventTime(OffsetDateTime.of(local, offset), text, zoneAssumed, leapSecond);
    }

    /** Java's {@code \s}. */
    private static boolean isSpace(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\u000B' || ch == '\f' || ch == '\r';
    }

    private static final class Cursor {
        private final String text;
        private final int end;
        private int at;

        Cursor(String text, int at, int end) {
            this.text = text;
            this.at = at;
            this.end = end;
        }

        boolean peek(char ch) {
            return at < end && text.charAt(at) == ch;
        }

        boolean skip(char ch) {
            if (peek(ch)) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char ch) {
            if (!skip(ch)) {
                throw notADateTime();
            }
        }

        /** ASCII digits, at least {@code min} and at most {@code max} of them. */
        int number(int min, int max) {
            int start = at;
            long value = 0;
            while (at < end && at - start < max && isDigit(text.charAt(at))) {
                value = value * 10 + (text.charAt(at) - '0');
                if (value > Integer.MAX_VALUE) {
                    throw new DateTimeException("'" + text + "' names a year out of range");
                }
                at++;
            }
            if (at - start < min) {
                throw notADateTime();
            }
            return (int) value;
        }

        /** One or more digits after the point, read to the nanosecond (further digits cut). */
        int fraction() {
            int start = at;
            int nanos = 0;
            while (at < end && isDigit(text.charAt(at))) {
                if (at - start < 9) {
                    nanos = nanos * 10 + (text.charAt(at) - '0');
                }
                at++;
            }
            int digits = at - start;
            if (digits == 0) {
                throw notADateTime();
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
            return nanos;
        }

        DateTimeException notADateTime() {
            return new DateTimeException("'" + text + "' is not an xsd:dateTime");
        }

        private static boolean isDigit(char ch) {
            return ch >= '0' && ch <= '9';
        }
    }
}

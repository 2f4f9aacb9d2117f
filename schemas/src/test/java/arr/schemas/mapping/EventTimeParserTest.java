package arr.schemas.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.schemas.event.EventTime;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

class EventTimeParserTest {

    @Test
    void keepsTheOffsetTheDeviceSent() {
        EventTime time = EventTimeParser.parse("2026-11-26T10:15:30.123-05:00");
        assertThat(time.value()).isEqualTo(OffsetDateTime.of(2026, 11, 26, 10, 15, 30, 123_000_000, ZoneOffset.ofHours(-5)));
        assertThat(time.zoneAssumed()).isFalse();
        assertThat(time.original()).isEqualTo("2026-11-26T10:15:30.123-05:00");
    }

    @Test
    void aTimeWithoutZoneIsReadAsUtcAndFlagged() {
        EventTime time = EventTimeParser.parse("2001-12-17T09:30:47");
        assertThat(time.value()).isEqualTo(OffsetDateTime.of(2001, 12, 17, 9, 30, 47, 0, ZoneOffset.UTC));
        assertThat(time.zoneAssumed()).isTrue();
    }

    @Test
    void leapSecondBecomesTheLastInstantOfTheMinuteWithTheOriginalKept() {
        EventTime time = EventTimeParser.parse("2016-12-31T23:59:60Z");
        assertThat(time.value()).isEqualTo(OffsetDateTime.of(2016, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC));
        assertThat(time.leapSecond()).isTrue();
        assertThat(time.original()).isEqualTo("2016-12-31T23:59:60Z");
    }

    @Test
    void fractionsOfAnyLengthAreReadToTheNanosecond() {
        assertThat(EventTimeParser.parse("2024-06-25T13:47:57.6001234Z").value().getNano()).isEqualTo(600_123_400);
        assertThat(EventTimeParser.parse("2024-06-25T13:47:57.123456789123Z").value().getNano()).isEqualTo(123_456_789);
    }

    @Test
    void impossibleOrMalformedTimesAreRefused() {
        assertThatThrownBy(() -> EventTimeParser.parse("2026-13-01T00:00:00Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> EventTimeParser.parse("yesterday")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> EventTimeParser.parse("2026-11-26 10:00:00Z")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void theEndOfADayIsTheStartOfTheNext() {
        EventTime time = EventTimeParser.parse("2024-12-31T24:00:00.000+01:00");
        assertThat(time.value()).isEqualTo(OffsetDateTime.parse("2025-01-01T00:00:00+01:00"));
        assertThat(time.original()).isEqualTo("2024-12-31T24:00:00.000+01:00");
        assertThatThrownBy(() -> EventTimeParser.parse("2024-12-31T24:00:01Z")).isInstanceOf(DateTimeException.class)
                .hasMessageContaining("24:00:00");
        assertThatThrownBy(() -> EventTimeParser.parse("2024-12-31T24:30:00Z")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void aYearTooLargeForAnyCalendarIsRefusedAsATimeError() {
        assertThatThrownBy(() -> EventTimeParser.parse("99999999999-01-01T00:00:00Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> EventTimeParser.parse("1000000000-01-01T00:00:00Z")).isInstanceOf(DateTimeException.class);
    }

    /** The parser reads exactly what the regular expression it replaced (2026-11-27) matched, to the same value. */
    @Property(tries = 3000)
    void readsWhatTheRegularExpressionReadAndRefusesWhatItRefused(@ForAll("dateTimes") String text) {
        Object expected = byRegularExpression(text);
        Statistics.label("outcome").collect(expected instanceof EventTime ? "read" : "refused");
        Object actual;
        try {
            actual = EventTimeParser.parse(text);
        } catch (DateTimeException e) {
            actual = DateTimeException.class;
        }
        // The expression's reader let a year beyond int escape as a NumberFormatException; it is a time error now.
        assertThat(actual).as(text).isEqualTo(expected == NumberFormatException.class ? DateTimeException.class : expected);
    }

    @Provide
    Arbitrary<String> dateTimes() {
        Arbitrary<String> space = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of(" ", "\t", "\n ", "\u000B", "\u00A0")));
        Arbitrary<String> year = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(1, 9999).map(i -> String.format("%04d", i))),
                Tuple.of(1, Arbitraries.of("0000", "-0044", "12345", "999", "-", "99999999999", "999999999", "1000000000",
                        "\u0968\u0966\u0968\u0966")));
        Arbitrary<String> month = field(1, 12);
        Arbitrary<String> day = field(1, 28);
        Arbitrary<String> hour = field(0, 24);
        Arbitrary<String> minute = field(0, 59);
        Arbitrary<String> second = field(0, 60);
        Arbitrary<String> fraction = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")), Tuple.of(1, Arbitraries.just(".")),
                Tuple.of(6, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12).map(d -> "." + d)));
        Arbitrary<String> zone = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("", "Z", "+05:30", "-05:00", "+00:00", "-18:00")),
                Tuple.of(1, Arbitraries.of("+19:00", "+1:00", "+05:3", "z", "+05:30Z", "UTC", "+05:60")));
        Arbitrary<String> dateTime = Combinators.combine(
                        Combinators.combine(space, year, month, day, hour).as((a, b, c, d, e) -> a + b + "-" + c + "-" + d + "T" + e),
                        Combinators.combine(minute, second, fraction, zone, space).as((a, b, c, d, e) -> ":" + a + ":" + b + c + d + e))
                .as(String::concat);
        Arbitrary<String> mutated = Combinators.combine(dateTime, Arbitraries.integers().between(0, 40),
                Arbitraries.of('-', ':', 'T', '.', '0', '9', ' ', 'x', '+', 'Z')).as(EventTimeParserTest::mutate);
        return Arbitraries.frequencyOf(Tuple.of(3, dateTime), Tuple.of(1, mutated));
    }

    /** Two digits, mostly within the field's range, sometimes outside it or malformed. */
    private static Arbitrary<String> field(int min, int max) {
        return Arbitraries.frequencyOf(Tuple.of(16, Arbitraries.integers().between(min, max).map(i -> String.format("%02d", i))),
                Tuple.of(1, Arbitraries.integers().between(0, 99).map(i -> String.format("%02d", i))),
                Tuple.of(1, Arbitraries.of("1", "123", "", "a1")));
    }

    private static String mutate(String text, int at, char ch) {
        if (text.isEmpty()) {
            return String.valueOf(ch);
        }
        int i = at % text.length();
        return switch (at % 3) {
            case 0 -> text.substring(0, i) + ch + text.substring(i + 1);
            case 1 -> text.substring(0, i) + text.substring(i + 1);
            default -> text.substring(0, i) + ch + text.substring(i);
        };
    }

    private static final Pattern DATE_TIME = Pattern.compile(
            "\\s*(-?\\d{4,})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(Z|[+-]\\d{2}:\\d{2})?\\s*");

    /** The reader as it was until 2026-11-27: the result, or the class of what it threw. */
    private static Object byRegularExpression(String text) {
        try {
            Matcher m = DATE_TIME.matcher(text);
            if (!m.matches()) {
                throw new DateTimeException("no match");
            }
            int second = Integer.parseInt(m.group(6));
            boolean leapSecond = second == 60;
            int nanos = m.group(7) == null ? 0 : Integer.parseInt(
                    m.group(7).length() >= 9 ? m.group(7).substring(0, 9) : (m.group(7) + "000000000").substring(0, 9));
            if (leapSecond) {
                second = 59;
                nanos = 999_999_999;
            }
            int hour = Integer.parseInt(m.group(4));
            // Since 2026-11-28, as xsd:dateTime: 24:00:00 is the start of the next day (the expression's reader refused it).
            boolean endOfDay = hour == 24;
            if (endOfDay && (Integer.parseInt(m.group(5)) != 0 || second != 0 || nanos != 0 || leapSecond)) {
                throw new DateTimeException("hour 24");
            }
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), endOfDay ? 0 : hour, Integer.parseInt(m.group(5)), second, nanos);
            if (endOfDay) {
                local = local.plusDays(1);
            }
            String zone = m.group(8);
            ZoneOffset offset = zone == null || "Z".equals(zone) ? ZoneOffset.UTC : ZoneOffset.of(zone);
            return new EventTime(OffsetDateTime.of(local, offset), text, zone == null, leapSecond);
        } catch (DateTimeException e) {
            return DateTimeException.class;
        } catch (NumberFormatException e) {
            return NumberFormatException.class;
        }
    }
}

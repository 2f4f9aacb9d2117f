package arr.schemas.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.schemas.event.EventTime;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
}

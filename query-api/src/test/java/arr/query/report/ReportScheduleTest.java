package arr.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportScheduleTest {

    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    @Test
    void readsReportAndFrequencyPairsSeparatedByCommasOrSemicolons() {
        List<ReportSchedule> schedules = ReportSchedule.parse(" emergency-access daily, failed-logins  WEEKLY;audit-log-use monthly ,");
        assertThat(schedules).extracting(s -> s.report().name(), ReportSchedule::frequency).containsExactly(
                org.assertj.core.groups.Tuple.tuple("emergency-access", ReportSchedule.Frequency.DAILY),
                org.assertj.core.groups.Tuple.tuple("failed-logins", ReportSchedule.Frequency.WEEKLY),
                org.assertj.core.groups.Tuple.tuple("audit-log-use", ReportSchedule.Frequency.MONTHLY));
        assertThat(ReportSchedule.parse(null)).isEmpty();
        assertThat(ReportSchedule.parse("  ")).isEmpty();
    }

    @Test
    void aWrongScheduleIsRefusedNamingTheVariableAndTheProblem() {
        assertThatThrownBy(() -> ReportSchedule.parse("emergency-access")).hasMessageContaining("AUDIT_REPORT_SCHEDULES")
                .hasMessageContaining("REPORT FREQUENCY");
        assertThatThrownBy(() -> ReportSchedule.parse("break-glass daily")).hasMessageContaining("no report 'break-glass'")
                .hasMessageContaining("emergency-access");
        assertThatThrownBy(() -> ReportSchedule.parse("exports hourly")).hasMessageContaining("'hourly' is not daily, weekly or monthly");
        assertThatThrownBy(() -> ReportSchedule.parse("patient-disclosure daily")).hasMessageContaining("cannot be scheduled");
        assertThatThrownBy(() -> ReportSchedule.parse("exports daily, exports daily")).hasMessageContaining("twice");
    }

    @Test
    void aDailyScheduleCoversYesterdayInItsZone() {
        ReportSchedule daily = ReportSchedule.parse("exports daily").get(0);
        // 00:30 in Zurich on 2026-03-29 (the night clocks go forward) is still 2026-03-28 in UTC.
        ReportSchedule.Period period = daily.latestComplete(Instant.parse("2026-03-28T23:30:00Z"), ZURICH);
        assertThat(period.day()).isEqualTo(LocalDate.parse("2026-03-28"));
        assertThat(period.start()).isEqualTo(Instant.parse("2026-03-27T23:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(daily.runId(period)).isEqualTo("exports-daily-2026-03-28");
        // The day the clocks go forward has 23 hours.
        ReportSchedule.Period shortDay = daily.latestComplete(Instant.parse("2026-03-30T06:00:00Z"), ZURICH);
        assertThat(shortDay.start()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(shortDay.end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
    }

    @Test
    void aWeeklyScheduleCoversTheLastWholeMondayToSunday() {
        ReportSchedule weekly = ReportSchedule.parse("exports weekly").get(0);
        ReportSchedule.Period period = weekly.latestComplete(Instant.parse("2026-11-28T12:00:00Z"), ZoneId.of("UTC"));
        assertThat(period.start()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(weekly.runId(period)).isEqualTo("exports-weekly-2026-11-16");
        // On a Monday, the week that ended at midnight is the newest complete one.
        assertThat(weekly.latestComplete(Instant.parse("2026-11-23T00:00:00Z"), ZoneId.of("UTC")).end())
                .isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void aMonthlyScheduleCoversTheLastWholeMonth() {
        ReportSchedule monthly = ReportSchedule.parse("exports monthly").get(0);
        ReportSchedule.Period period = monthly.latestComplete(Instant.parse("2026-03-01T00:10:00Z"), ZoneId.of("UTC"));
        assertThat(period.start()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(monthly.runId(period)).isEqualTo("exports-monthly-2026-02-01");
    }
}

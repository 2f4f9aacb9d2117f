package arr.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.query.config.ReportsConfig;
import arr.query.selfaudit.Reader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportSchedulerTest {

    static final Duration GRACE = Duration.ofMinutes(2);

    final InMemoryReportStore store = new InMemoryReportStore();
    final ThreadPoolExecutor runs = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(5));
    final ReportRunner runner = new ReportRunner(null, null, null, null, null, null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()) {
        @Override
        public void execute(ReportStore.Stored queued, Reader reader) {
            // Leaves the run queued: what the scheduler does next must not depend on it.
        }
    };

    @AfterEach
    void stop() {
        runs.shutdownNow();
    }

    static ReportsConfig config(String schedules, String zone, Duration delay) {
        return new ReportsConfig(100, 10, schedules, zone, delay, Duration.ofMinutes(30), Duration.ofDays(400), 5);
    }

    ReportScheduler scheduler(ReportsConfig config, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        // The service's zone only reads dates of runs on request; the scheduler's own zone is under test here.
        ReportService reports = new ReportService(store, runner, null, runs, Duration.ofMinutes(30), GRACE, 1000,
                ZoneOffset.UTC, clock);
        return new ReportScheduler(reports, store, config, clock);
    }

    @Test
    void aPeriodsRunStartsOnlyOnceTheDelayAfterItsEndHasPassed() {
        ReportsConfig config = config("exports daily", "UTC", Duration.ofHours(1));
        scheduler(config, Instant.parse("2026-11-28T00:59:00Z")).check();
        assertThat(store.runs).isEmpty();
        scheduler(config, Instant.parse("2026-11-28T01:00:00Z")).check();
        assertThat(store.runs).containsOnlyKeys("exports-daily-2026-11-27");
        scheduler(config, Instant.parse("2026-11-28T01:05:00Z")).check();
        assertThat(store.runs).hasSize(1);
    }

    @Test
    void eachScheduleGetsItsOwnRunInItsZone() {
        scheduler(config("exports daily, failed-logins weekly", "Europe/Zurich", Duration.ZERO),
                Instant.parse("2026-11-30T12:00:00Z")).check();
        assertThat(store.runs).containsOnlyKeys("exports-daily-2026-11-29", "failed-logins-weekly-2026-11-23");
        assertThat(store.run("failed-logins-weekly-2026-11-23").from()).isEqualTo("2026-11-22T23:00:00Z");
    }

    @Test
    void runsOlderThanTheirKeepAreDeletedOnceADay() {
        store.create(ReportRun.queued("old", "exports", "2020-01-01T00:00:00Z", "2020-01-31T23:59:59.999Z",
                java.util.List.of(), "officer", null, 1, "2020-02-01T00:00:00Z", "2020-02-01T00:30:00Z"));
        scheduler(config("", "UTC", Duration.ZERO), Instant.parse("2026-11-28T12:00:00Z")).check();
        assertThat(store.runs).doesNotContainKey("old");
    }

    @Test
    void aDelayThatWouldStartAPeriodsRunLateOrNeverStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> scheduler(config("exports daily", "UTC", Duration.ofHours(12)), Instant.now()))
                .hasMessageContaining("AUDIT_REPORT_DELAY").hasMessageContaining("exports daily");
        assertThat(scheduler(config("exports weekly", "UTC", Duration.ofHours(12)), Instant.now()).schedules()).hasSize(1);
        assertThatThrownBy(() -> scheduler(config("exports daily", "Mars/Olympus", Duration.ZERO), Instant.now()))
                .hasMessageContaining("AUDIT_REPORT_ZONE");
    }

    @Test
    void runsKeptShorterThanTheirPeriodWouldBeRunAgainSoTheStartStopsNamingTheVariable() {
        ReportsConfig monthlyKeptAWeek = new ReportsConfig(100, 10, "exports monthly", "UTC", Duration.ofHours(1),
                Duration.ofMinutes(30), Duration.ofDays(7), 5);
        assertThatThrownBy(() -> scheduler(monthlyKeptAWeek, Instant.now())).hasMessageContaining("AUDIT_REPORT_KEEP");
        ReportsConfig keptAnHour = new ReportsConfig(100, 10, "", "UTC", Duration.ofHours(1), Duration.ofMinutes(30),
                Duration.ofHours(1), 5);
        assertThatThrownBy(() -> scheduler(keptAnHour, Instant.now())).hasMessageContaining("AUDIT_REPORT_KEEP");
        ReportsConfig dailyKeptAWeek = new ReportsConfig(100, 10, "exports daily", "UTC", Duration.ofHours(1),
                Duration.ofMinutes(30), Duration.ofDays(7), 5);
        assertThat(scheduler(dailyKeptAWeek, Instant.now()).schedules()).hasSize(1);
    }
}

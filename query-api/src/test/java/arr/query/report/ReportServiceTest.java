package arr.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.query.api.BadRequestException;
import arr.query.selfaudit.Reader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starting, scheduling, refusing and giving up runs, with the store in memory and a runner that only records. */
class ReportServiceTest {

    static final Duration GRACE = Duration.ofMinutes(2);

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final Reader OFFICER = new Reader("officer", "10.0.0.9");
    static final Reader SCHEDULER = new Reader(ReportScheduler.USER, "127.0.0.1");

    final InMemoryReportStore store = new InMemoryReportStore();
    final List<String> executed = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch busy = new CountDownLatch(1);
    ThreadPoolExecutor runs;

    /** Holds the first run it executes until released, so that the next ones wait in the queue. */
    final ReportRunner runner = new ReportRunner(null, null, null, null, null, null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()) {
        @Override
        public void execute(ReportStore.Stored queued, Reader reader) {
            executed.add(queued.run().id() + "#" + queued.run().attempt());
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    };

    ReportService service(int queue, ZoneId zone, Clock clock) {
        runs = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue));
        return new ReportService(store, runner, null, runs, Duration.ofMinutes(30), GRACE, 1000, zone, clock);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (runs != null) {
            runs.shutdownNow();
        }
    }

    static Map<String, List<String>> period(String from, String to) {
        return Map.of("from", List.of(from), "to", List.of(to));
    }

    @Test
    void aDateAloneIsADayInTheReportsZoneSoARunOnRequestCoversWhatTheMonthlyScheduleDoes() {
        ReportService reports = service(5, ZoneId.of("Europe/Zurich"), Clock.fixed(NOW, ZoneOffset.UTC));
        ReportRunView run = reports.start(OFFICER, "exports", period("2026-03-01", "2026-03-31"));
        assertThat(run.from()).isEqualTo("2026-02-28T23:00:00Z");
        assertThat(run.to()).isEqualTo("2026-03-31T21:59:59.999Z");
        ReportSchedule monthly = ReportSchedule.parse("exports monthly").get(0);
        ReportSchedule.Period march = monthly.latestComplete(Instant.parse("2026-04-02T00:00:00Z"), ZoneId.of("Europe/Zurich"));
        assertThat(march.start().toString()).isEqualTo(run.from());
        assertThat(march.end().minusMillis(1).toString()).isEqualTo(run.to());
        ReportRunView exact = reports.start(OFFICER, "exports", period("2026-03-01T00:00:00Z", "2026-03-01T12:00:00+01:00"));
        assertThat(exact.to()).isEqualTo("2026-03-01T11:00:00Z");
    }

    @Test
    void aRunRequestBeyondTheQueueIsRefusedAndLeavesNoRecord() throws Exception {
        ReportService reports = service(1, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));
        reports.start(OFFICER, "exports", period("2026-01-01", "2026-01-31"));
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        reports.start(OFFICER, "exports", period("2026-01-01", "2026-01-31"));
        assertThatThrownBy(() -> reports.start(OFFICER, "exports", period("2026-01-01", "2026-01-31")))
                .isInstanceOf(ReportsBusyException.class).hasMessageContaining("too many report runs");
        assertThat(store.runs).hasSize(2);
    }

    @Test
    void aBadRequestNamesItsProblem() {
        ReportService reports = service(5, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> reports.start(OFFICER, "exports", period("2026-01-01", "10000-01-01")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'to'");
        assertThatThrownBy(() -> reports.start(OFFICER, "exports", period("2026-02-01", "2026-01-31")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'from' is after 'to'");
        assertThatThrownBy(() -> reports.start(OFFICER, "exports", period("yesterday", "2026-01-31")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'from' must be an ISO-8601 time");
    }

    @Test
    void aScheduledPeriodGetsOneRunHoweverOftenItIsAskedFor() {
        ReportService reports = service(5, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));
        ReportSchedule daily = ReportSchedule.parse("exports daily").get(0);
        ReportSchedule.Period yesterday = daily.latestComplete(NOW, ZoneOffset.UTC);
        assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isTrue();
        assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isFalse();
        ReportRun run = store.run("exports-daily-2026-11-27");
        assertThat(run.requestedBy()).isEqualTo(ReportScheduler.USER);
        assertThat(run.from()).isEqualTo("2026-11-27T00:00:00Z");
        assertThat(run.to()).isEqualTo("2026-11-27T23:59:59.999Z");
        assertThat(run.attempt()).isEqualTo(1);
    }

    @Test
    void aFailedScheduledRunIsAttemptedAgainLaterUpToThreeTimesAndARunUnderWayIsLeftAlone() throws Exception {
        Instant[] now = {NOW};
        ReportService reports = service(5, ZoneOffset.UTC, clock(now));
        ReportSchedule daily = ReportSchedule.parse("exports daily").get(0);
        ReportSchedule.Period yesterday = daily.latestComplete(NOW, ZoneOffset.UTC);
        String id = daily.runId(yesterday);
        assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isTrue();
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        // Queued (the runner here never moves it on): under way, so not started again.
        assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isFalse();
        for (int attempt = 2; attempt <= ReportService.MAX_ATTEMPTS; attempt++) {
            ReportStore.Stored current = store.runs.get(id);
            store.save(current.run().failed(now[0].toString(), "Kafka was down", true), current);
            store.writeChunk(current.run().fileKey(), "csv", 0, new byte[] {1}, 1);
            // Not at once: attempt N waits N times ten minutes, so that a short outage does not use every attempt.
            now[0] = now[0].plus(ReportService.RETRY_AFTER.multipliedBy(attempt - 1)).minusSeconds(1);
            assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isFalse();
            now[0] = now[0].plusSeconds(1);
            assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isTrue();
            assertThat(store.run(id).attempt()).isEqualTo(attempt);
            assertThat(store.run(id).status()).isEqualTo(ReportRun.QUEUED);
            assertThat(store.chunks).as("the failed attempt's partial files").isEmpty();
        }
        ReportStore.Stored last = store.runs.get(id);
        store.save(last.run().failed(now[0].toString(), "Kafka was down", true), last);
        now[0] = now[0].plus(Duration.ofDays(1));
        assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isFalse();
        assertThat(store.run(id).status()).isEqualTo(ReportRun.FAILED);
    }

    @Test
    void aScheduledRunThatFailedForAReasonAnotherAttemptWouldShareIsNotAttemptedAgain() {
        Instant[] now = {NOW};
        ReportService reports = service(5, ZoneOffset.UTC, clock(now));
        ReportSchedule daily = ReportSchedule.parse("exports daily").get(0);
        ReportSchedule.Period yesterday = daily.latestComplete(NOW, ZoneOffset.UTC);
        reports.startScheduled(daily, yesterday, SCHEDULER);
        ReportStore.Stored current = store.runs.get(daily.runId(yesterday));
        store.save(current.run().failed(NOW.toString(), "the period holds too many events", false), current);
        now[0] = NOW.plus(Duration.ofHours(5));
        assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isFalse();
        assertThat(store.run(daily.runId(yesterday)).attempt()).isEqualTo(1);
    }

    @Test
    void theSweepLeavesARunThatFinishedAfterItWasFoundAbandonedAndItsFiles() {
        Instant[] now = {NOW};
        ReportStore.Stored created = store.create(ReportRun.queued("r", "exports", "2026-01-01T00:00:00Z",
                "2026-01-31T23:59:59.999Z", List.of(), "officer", null, 1, NOW.toString(), NOW.plusSeconds(60).toString()));
        ReportStore.Stored running = store.save(created.run().running(NOW.toString(), NOW.plusSeconds(60).toString()), created);
        store.writeChunk("r/1", "csv", 0, new byte[] {1}, 1);
        // What a search a second behind still shows: the running version, after the runner saved succeeded.
        InMemoryReportStore lagging = new InMemoryReportStore() {
            @Override
            public List<Stored> abandonedBefore(Instant before) {
                return List.of(running);
            }
        };
        lagging.runs.putAll(store.runs);
        lagging.chunks.putAll(store.chunks);
        lagging.save(running.run().succeeded(NOW.toString(), 1, new ReportRun.ReportFile("a", 1, 1),
                new ReportRun.ReportFile("b", 1, 1), List.of(), List.of()), running);
        now[0] = NOW.plusSeconds(60).plus(GRACE).plusSeconds(1);
        runs = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1));
        ReportService reports = new ReportService(lagging, runner, null, runs, Duration.ofMinutes(30), GRACE, 1000, ZoneOffset.UTC,
                clock(now));
        assertThat(reports.sweepAbandoned()).isZero();
        assertThat(lagging.run("r").status()).isEqualTo(ReportRun.SUCCEEDED);
        assertThat(lagging.chunks).containsKey("r/1/csv/0");
    }

    static Clock clock(Instant[] now) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
    }

    @Test
    void aScheduledRunWhoseQueryApiStoppedIsStartedAgainOnceItsDeadlinePassed() {
        Instant[] now = {NOW};
        ReportService reports = service(5, ZoneOffset.UTC, clock(now));
        ReportSchedule daily = ReportSchedule.parse("exports daily").get(0);
        ReportSchedule.Period yesterday = daily.latestComplete(NOW, ZoneOffset.UTC);
        String id = daily.runId(yesterday);
        // An instance stored the run as running, then stopped.
        ReportStore.Stored created = store.create(ReportRun.queued(id, "exports", yesterday.start().toString(),
                yesterday.end().minusMillis(1).toString(), List.of(), ReportScheduler.USER, "daily", 1, NOW.toString(),
                NOW.plusSeconds(1800).toString()));
        store.save(created.run().running(NOW.toString(), NOW.plusSeconds(1800).toString()), created);
        store.writeChunk(created.run().fileKey(), "csv", 0, new byte[] {1}, 1);
        assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isFalse();
        // Just past its deadline, its runner may still be recording its read: not yet.
        now[0] = NOW.plusSeconds(1801);
        assertThat(reports.sweepAbandoned()).isZero();
        now[0] = NOW.plusSeconds(1801).plus(GRACE);
        assertThat(reports.sweepAbandoned()).isEqualTo(1);
        assertThat(store.run(id).status()).isEqualTo(ReportRun.FAILED);
        assertThat(store.run(id).error()).contains("did not finish by its deadline");
        assertThat(store.chunks).isEmpty();
        now[0] = now[0].plus(ReportService.RETRY_AFTER);
        assertThat(reports.startScheduled(daily, yesterday, SCHEDULER)).isTrue();
        assertThat(store.run(id).attempt()).isEqualTo(2);
    }

    @Test
    void atAStopTheRunsStillWaitingAreMarkedFailed() throws Exception {
        ReportService reports = service(5, ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));
        String first = reports.start(OFFICER, "exports", period("2026-01-01", "2026-01-31")).id();
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        String waiting = reports.start(OFFICER, "exports", period("2026-01-01", "2026-01-31")).id();
        reports.close();
        assertThat(store.run(waiting).status()).isEqualTo(ReportRun.FAILED);
        assertThat(store.run(waiting).error()).contains("stopped before the run started");
        assertThat(store.run(first).status()).isEqualTo(ReportRun.QUEUED);
        assertThat(executed).containsExactly(first + "#1");
    }

    @Test
    void theListenerIsToldHowARunEnded() {
        ReportStore.Stored stale = store.create(ReportRun.queued("exports-daily-2026-11-27", "exports", "2026-11-27T00:00:00Z",
                "2026-11-27T23:59:59.999Z", List.of(), ReportScheduler.USER, "daily", 1, NOW.minusSeconds(3600).toString(),
                NOW.minusSeconds(1800).toString()));
        ReportRunner real = new ReportRunner(store, null, null, new ReportRunner.Limits(10, 10, 10, Duration.ofMinutes(30)),
                null, Clock.fixed(NOW, ZoneOffset.UTC), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        List<String> told = new ArrayList<>();
        real.listen((run, title) -> told.add(run.id() + " " + run.status() + " " + title));
        real.execute(stale, SCHEDULER);
        assertThat(told).containsExactly("exports-daily-2026-11-27 failed Exports");
        // A listener that throws changes nothing.
        real.listen((run, title) -> {
            throw new IllegalStateException("mail server on fire");
        });
        ReportStore.Stored another = store.create(ReportRun.queued("exports-daily-2026-11-26", "exports", "2026-11-26T00:00:00Z",
                "2026-11-26T23:59:59.999Z", List.of(), ReportScheduler.USER, "daily", 1, NOW.minusSeconds(3600).toString(),
                NOW.minusSeconds(1800).toString()));
        real.execute(another, SCHEDULER);
        assertThat(store.run("exports-daily-2026-11-26").status()).isEqualTo(ReportRun.FAILED);
    }

    @Test
    void aRunThatWaitedPastItsDeadlineFailsWithoutReadingAnything() {
        ReportStore.Stored stale = store.create(ReportRun.queued("late", "exports", "2026-01-01T00:00:00Z",
                "2026-01-31T23:59:59.999Z", List.of(), "officer", null, 1, NOW.minusSeconds(3600).toString(),
                NOW.minusSeconds(1800).toString()));
        // No search, no audit: either would fail with a NullPointerException and a different message.
        io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new ReportRunner(store, null, null, new ReportRunner.Limits(10, 10, 10, Duration.ofMinutes(30)), null,
                Clock.fixed(NOW, ZoneOffset.UTC), metrics).execute(stale, OFFICER);
        assertThat(metrics.counter("arr.report.runs", "report", "exports", "status", "failed").count()).isEqualTo(1);
        assertThat(store.run("late").status()).isEqualTo(ReportRun.FAILED);
        assertThat(store.run("late").error()).isEqualTo(ReportRunView.NOT_STARTED);
        assertThat(new ArrayList<>(store.chunks.keySet())).isEmpty();
    }
}

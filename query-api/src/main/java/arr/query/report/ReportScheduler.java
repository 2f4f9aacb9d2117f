package arr.query.report;

import arr.query.config.ReportsConfig;
import arr.query.selfaudit.Reader;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the configured schedules' runs: every few minutes, each schedule's newest complete period gets its run once
 * the period is {@code AUDIT_REPORT_DELAY} past its end, unless it has one that succeeded or is under way (a failed
 * one is attempted again, {@value ReportService#MAX_ATTEMPTS} times in all). The run's ID is the schedule and period,
 * created only if absent, so a restart catches up on the newest period it missed, and several query API instances
 * start each run once. Also marks runs abandoned by a stopped query API failed, and deletes runs older than
 * {@code AUDIT_REPORT_KEEP} once a day. Made at start ({@code @Context}): a wrong schedule, zone or delay stops the
 * start naming its variable.
 */
@Context
public class ReportScheduler {

    /** The user a scheduled run's Audit Log Used event names. */
    public static final String USER = "report-scheduler";

    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);

    private final ReportService reports;
    private final ReportStore store;
    private final ReportsConfig config;
    private final List<ReportSchedule> schedules;
    private final ZoneId zone;
    private final Clock clock;
    private Instant lastPurge = Instant.EPOCH;

    public ReportScheduler(ReportService reports, ReportStore store, ReportsConfig config, Clock clock) {
        this.reports = reports;
        this.store = store;
        this.config = config;
        this.schedules = ReportSchedule.parse(config.schedules());
        this.zone = ReportSchedule.zone(config.zone());
        schedules.forEach(s -> s.checkDelay(config.delay()));
        checkKeep(schedules, config);
        this.clock = clock;
        schedules.forEach(s -> LOG.info("report '{}' scheduled {} ({} periods, starting {} after each ends)",
                s.report().name(), s.frequency().label(), zone, config.delay()));
    }

    /**
     * Runs must outlive the period after theirs, or the scheduler would find a purged period without a run and run it
     * again; and a day at least, so that no run is purged while under way.
     */
    static void checkKeep(List<ReportSchedule> schedules, ReportsConfig config) {
        java.time.Duration longest = schedules.stream().map(s -> s.frequency().longest())
                .max(java.time.Duration::compareTo).orElse(java.time.Duration.ZERO);
        java.time.Duration least = longest.plus(config.delay()).plus(config.maxRunTime().multipliedBy(2));
        if (least.compareTo(java.time.Duration.ofDays(1)) < 0) {
            least = java.time.Duration.ofDays(1);
        }
        if (config.keep().compareTo(least) < 0) {
            throw new IllegalArgumentException("AUDIT_REPORT_KEEP: " + config.keep() + " is shorter than " + least
                    + " (the longest scheduled period, the delay and two run times, or a day): runs would be deleted "
                    + "while their period is still the newest, and run again");
        }
    }

    public List<ReportSchedule> schedules() {
        return schedules;
    }

    public ZoneId zone() {
        return zone;
    }

    @Scheduled(fixedDelay = "${arr.reports.check-every:5m}", initialDelay = "${arr.reports.first-check:15s}")
    void check() {
        Instant now = Instant.now(clock);
        try {
            int abandoned = reports.sweepAbandoned();
            if (abandoned > 0) {
                LOG.warn("{} report runs were abandoned by a query API that stopped: marked failed, partial files deleted",
                        abandoned);
            }
        } catch (RuntimeException e) {
            LOG.error("abandoned report runs could not be swept (retried at the next check): {}", e.toString());
        }
        for (ReportSchedule schedule : schedules) {
            ReportSchedule.Period period = schedule.latestComplete(now, zone);
            if (period.end().plus(config.delay()).isAfter(now)) {
                continue;
            }
            try {
                if (reports.startScheduled(schedule, period, new Reader(USER, "127.0.0.1"))) {
                    LOG.info("started scheduled report run {}", schedule.runId(period));
                }
            } catch (RuntimeException e) {
                LOG.error("the scheduled run {} could not be started (retried at the next check): {}", schedule.runId(period),
                        e.toString());
            }
        }
        if (lastPurge.plus(java.time.Duration.ofDays(1)).isBefore(now)) {
            try {
                long deleted = store.purgeBefore(now.minus(config.keep()));
                lastPurge = now;
                if (deleted > 0) {
                    LOG.info("deleted {} report runs older than {} (AUDIT_REPORT_KEEP)", deleted, config.keep());
                }
            } catch (RuntimeException e) {
                LOG.error("old report runs could not be deleted (retried at the next check): {}", e.toString());
            }
        }
    }
}

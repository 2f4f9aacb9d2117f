package arr.query.report;

import arr.query.api.BadRequestException;
import arr.query.api.NotFoundException;
import arr.query.search.RequestParameters;
import arr.query.selfaudit.ReadRecord;
import arr.query.selfaudit.Reader;
import arr.query.selfaudit.SelfAuditor;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compliance reports for the API and the scheduler: starts runs (one at a time, a bounded number waiting), shows them,
 * and serves their files. Showing a finished run or a list of runs (their counts are drawn from audit data) is
 * recorded as Audit Log Used; each download as Audit Log Used and Export naming every patient in the file.
 */
public class ReportService implements AutoCloseable {

    /** How often a schedule's run for one period is attempted before its period is left to a run on request. */
    static final int MAX_ATTEMPTS = 3;


    /** How long after a failed attempt N the next one may start: N times this, so a short outage does not use all. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);
    private static final Set<String> RUN_PARAMETERS = Set.of("from", "to", "patient");

    private final ReportStore store;
    private final ReportRunner runner;
    private final SelfAuditor audit;
    private final ThreadPoolExecutor runs;
    private final Duration maxWait;
    private final Duration sweepGrace;
    private final int maxPatients;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param maxWait    how long a run may wait in the queue before it counts as failed
     * @param sweepGrace how long past its deadline an unfinished run is swept: longer than its runner may still take to
     *                   record its read after its last check (the self-audit's timeout and a margin)
     * @param zone       the zone in which a date alone ({@code from=2026-03-01}) is read, the schedules' zone
     */
    public ReportService(ReportStore store, ReportRunner runner, SelfAuditor audit, ThreadPoolExecutor runs,
                         Duration maxWait, Duration sweepGrace, int maxPatients, ZoneId zone, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.audit = audit;
        this.runs = runs;
        this.maxWait = maxWait;
        this.sweepGrace = sweepGrace;
        this.maxPatients = maxPatients;
        this.zone = zone;
        this.clock = clock;
    }

    /** A file of a run to send: its content, what the run record says of it, and a name for the download. */
    public record Download(InputStream content, ReportRun.ReportFile file, String filename) {
    }

    /** A run waiting in the queue (kept so that a stop can mark the ones that never started). */
    private final class QueuedRun implements Runnable {
        final ReportStore.Stored stored;
        final Reader reader;

        QueuedRun(ReportStore.Stored stored, Reader reader) {
            this.stored = stored;
            this.reader = reader;
        }

        @Override
        public void run() {
            runner.execute(stored, reader);
        }
    }

    /** Starts a run on request; it is queued when this returns. */
    public ReportRunView start(Reader reader, String name, Map<String, List<String>> values) {
        ReportDefinition report = ReportCatalogue.find(name)
                .orElseThrow(() -> new NotFoundException("there is no report '" + name + "'; GET /api/v1/reports lists them"));
        RequestParameters parameters = new RequestParameters(values, RUN_PARAMETERS);
        // A date alone is a day in the reports' zone, so that a run on request over a month covers what that month's
        // scheduled run does.
        Instant from = parameters.time("from", zone);
        Instant to = parameters.timeUntil("to", zone);
        if (from == null || to == null) {
            throw new BadRequestException("a report covers a period: give both 'from' and 'to'");
        }
        if (from.isAfter(to)) {
            throw new BadRequestException("'from' is after 'to'");
        }
        List<String> patients = parameters.all("patient").stream().distinct().toList();
        if (report.needsPatients() && patients.isEmpty()) {
            throw new BadRequestException("'" + name + "' needs at least one patient: \"patient\": [\"ID\" or \"ID^^^&OID&ISO\"]");
        }
        if (!report.needsPatients() && !patients.isEmpty()) {
            throw new BadRequestException("'" + name + "' takes no patients");
        }
        if (patients.size() > maxPatients) {
            throw new BadRequestException("at most " + maxPatients + " patients in one run, not " + patients.size());
        }
        if (runs.getQueue().remainingCapacity() == 0) {
            throw busy();
        }
        ReportStore.Stored stored = store.create(newRun(UUID.randomUUID().toString(), name, from, to, patients,
                reader.user(), null, 1));
        if (!enqueue(stored, reader)) {
            store.delete(stored.run().id());
            throw busy();
        }
        return ReportRunView.of(stored.run(), Instant.now(clock));
    }

    /**
     * Starts a schedule's run for a period unless it has one that succeeded or is under way; a failed one (or one whose
     * query API stopped) is started again, up to {@value #MAX_ATTEMPTS} attempts. Replacing a failed record names its
     * version, so of several instances only one starts the new attempt.
     *
     * @return whether this call started it
     */
    public boolean startScheduled(ReportSchedule schedule, ReportSchedule.Period period, Reader scheduler) {
        if (runs.isShutdown() || runs.getQueue().remainingCapacity() == 0) {
            return false;
        }
        String id = schedule.runId(period);
        Optional<ReportStore.Stored> existing = store.get(id);
        ReportStore.Stored stored;
        if (existing.isEmpty()) {
            stored = store.create(newRun(id, schedule.report().name(), period.start(), period.end().minusMillis(1),
                    List.of(), scheduler.user(), schedule.frequency().label(), 1));
        } else {
            ReportRun previous = existing.get().run();
            if (!mayStartAgain(previous, Instant.now(clock))) {
                return false;
            }
            try {
                stored = store.save(newRun(id, previous.report(), Instant.parse(previous.from()),
                        Instant.parse(previous.to()), List.of(), scheduler.user(), previous.schedule(),
                        previous.attempt() + 1), existing.get());
            } catch (ReportStore.TakenOver e) {
                return false;
            }
            // The earlier attempt can no longer write its record (its version is gone), so its partial files are garbage.
            deleteFilesQuietly(previous);
            LOG.info("scheduled report run {} failed ({}); starting attempt {}", id, ReportRunView.of(previous,
                    Instant.now(clock)).error(), previous.attempt() + 1);
        }
        if (stored == null) {
            return false;
        }
        if (!enqueue(stored, scheduler)) {
            saveFailed(stored, "too many report runs were waiting; it is attempted again at the next check", true);
            return false;
        }
        return true;
    }

    /**
     * Whether a scheduled run may be attempted again: it failed (or its query API stopped), for a reason another attempt
     * may not share, fewer than {@value #MAX_ATTEMPTS} times, and long enough ago ({@link #RETRY_AFTER} times the
     * attempts so far).
     */
    static boolean mayStartAgain(ReportRun previous, Instant now) {
        ReportRunView view = ReportRunView.of(previous, now);
        if (!ReportRun.FAILED.equals(view.status()) || Boolean.FALSE.equals(previous.retry())
                || previous.attempt() >= MAX_ATTEMPTS) {
            return false;
        }
        String failedAt = previous.finishedAt() != null ? previous.finishedAt() : previous.deadline();
        return !Instant.parse(failedAt).plus(RETRY_AFTER.multipliedBy(previous.attempt())).isAfter(now);
    }

    private ReportRun newRun(String id, String report, Instant from, Instant to, List<String> patients, String user,
                             String schedule, int attempt) {
        Instant now = Instant.now(clock);
        return ReportRun.queued(id, report, from.toString(), to.toString(), patients, user, schedule, attempt,
                now.toString(), now.plus(maxWait).toString());
    }

    private boolean enqueue(ReportStore.Stored stored, Reader reader) {
        try {
            runs.execute(new QueuedRun(stored, reader));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static ReportsBusyException busy() {
        return new ReportsBusyException("too many report runs are waiting; start this one again in a few minutes");
    }

    /** One run; showing a succeeded run (its count is drawn from audit data) is recorded as a read. */
    public ReportRunView run(Reader reader, String id) {
        ReportRun stored = find(id).run();
        ReportRunView view = ReportRunView.of(stored, Instant.now(clock));
        if (ReportRun.SUCCEEDED.equals(view.status())) {
            audit.read(reader, new ReadRecord("GET /api/v1/reports/runs/{runId}", "run=" + id, view.rows())
                    .about(stored.patients() == null ? List.of() : stored.patients()));
        }
        return view;
    }

    /** The newest runs; recorded as a read (their counts are drawn from audit data). */
    public List<ReportRunView> recent(Reader reader, String report, int size) {
        if (report != null && ReportCatalogue.find(report).isEmpty()) {
            throw new BadRequestException("there is no report '" + report + "'; GET /api/v1/reports lists them");
        }
        Instant now = Instant.now(clock);
        List<ReportRunView> views = store.recent(report, size).stream().map(run -> ReportRunView.of(run, now)).toList();
        audit.read(reader, new ReadRecord("GET /api/v1/reports/runs", (report == null ? "" : "report=" + report + "&")
                + "size=" + size, views.size()));
        return views;
    }

    /**
     * A succeeded run's PDF or CSV; the download is recorded (Audit Log Used, and Export naming every patient the file
     * names) before its first byte is served.
     */
    public Download download(Reader reader, String id, String kind) {
        ReportRun run = find(id).run();
        ReportRunView view = ReportRunView.of(run, Instant.now(clock));
        if (!ReportRun.SUCCEEDED.equals(view.status())) {
            throw new NotFoundException("report run " + id + " has no files: it is " + view.status()
                    + (view.error() == null ? "" : " (" + view.error() + ")"));
        }
        boolean pdf = "pdf".equals(kind);
        List<String> patients = pdf ? run.pdfPatients() : run.csvPatients();
        audit.export(reader, new ReadRecord("GET /api/v1/reports/runs/{runId}/report." + kind, "run=" + id, run.rows())
                .about(run.patients() == null ? List.of() : run.patients()), patients == null ? List.of() : patients);
        ReportRun.ReportFile file = pdf ? run.pdf() : run.csv();
        return new Download(store.open(run.fileKey(), kind, file), file, run.report() + "-" + id + "." + kind);
    }

    /**
     * Marks the runs whose query API stopped (still queued or running past their deadline) failed, and deletes their
     * partial files; returns how many.
     */
    int sweepAbandoned() {
        // A grace period past the deadline: a runner that passed its last check may still be recording its read.
        List<ReportStore.Stored> abandoned = store.abandonedBefore(Instant.now(clock).minus(sweepGrace));
        int swept = 0;
        for (ReportStore.Stored stored : abandoned) {
            ReportRun run = stored.run();
            // Only when the record was still the abandoned version (a search can be a second behind): a runner that
            // finished meanwhile keeps its files.
            if (saveFailed(stored, ReportRun.QUEUED.equals(run.status()) ? ReportRunView.NOT_STARTED
                    : ReportRunView.NOT_FINISHED, true)) {
                deleteFilesQuietly(run);
                swept++;
            }
        }
        return swept;
    }

    /** @return whether the record was still this version and now says failed (then counted and told, like any end) */
    private boolean saveFailed(ReportStore.Stored stored, String why, boolean mayRetry) {
        ReportRun failed = stored.run().failed(Instant.now(clock).toString(), why, mayRetry);
        try {
            store.save(failed, stored);
        } catch (RuntimeException e) {
            // Taken over, or Elasticsearch away: its deadline shows it as failed anyway.
            LOG.warn("report run {} could not be marked failed: {}", stored.run().id(), e.getMessage());
            return false;
        }
        runner.failedElsewhere(failed);
        return true;
    }

    private void deleteFilesQuietly(ReportRun run) {
        try {
            store.deleteFiles(run.fileKey());
        } catch (RuntimeException e) {
            LOG.warn("the partial files of report run {} attempt {} could not be deleted (deleted after AUDIT_REPORT_KEEP): {}",
                    run.id(), run.attempt(), e.getMessage());
        }
    }

    /** Stops taking runs; those still waiting are marked failed, so that nobody waits for them. */
    @Override
    public void close() {
        for (Runnable waiting : runs.shutdownNow()) {
            if (waiting instanceof QueuedRun queued) {
                saveFailed(queued.stored, "the query API stopped before the run started; start it again", true);
            }
        }
    }

    private ReportStore.Stored find(String id) {
        return store.get(id).orElseThrow(() -> new NotFoundException("there is no report run '" + id + "'"));
    }
}

package arr.query.report;

import arr.query.api.BadRequestException;
import arr.query.api.NotFoundException;
import arr.query.search.RequestParameters;
import arr.query.search.TimeRange;
import arr.query.selfaudit.ReadRecord;
import arr.query.selfaudit.Reader;
import arr.query.selfaudit.SelfAuditor;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Compliance reports for the API and the scheduler: starts runs (one at a time, a bounded number waiting), shows them,
 * and serves their files, each download recorded as Audit Log Used and Export naming every patient in it.
 */
public class ReportService {

    private static final Set<String> RUN_PARAMETERS = Set.of("from", "to", "patient");

    private final ReportStore store;
    private final ReportRunner runner;
    private final SelfAuditor audit;
    private final ThreadPoolExecutor runs;
    private final Duration maxRunTime;
    private final int maxPatients;
    private final Clock clock;

    public ReportService(ReportStore store, ReportRunner runner, SelfAuditor audit, ThreadPoolExecutor runs,
                         Duration maxRunTime, int maxPatients, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.audit = audit;
        this.runs = runs;
        this.maxRunTime = maxRunTime;
        this.maxPatients = maxPatients;
        this.clock = clock;
    }

    /** A file of a run to send: its content, what the run record says of it, and a name for the download. */
    public record Download(InputStream content, ReportRun.ReportFile file, String filename) {
    }

    /** Starts a run on request; it is queued when this returns. */
    public ReportRunView start(Reader reader, String name, Map<String, List<String>> values) {
        ReportDefinition report = ReportCatalogue.find(name)
                .orElseThrow(() -> new NotFoundException("there is no report '" + name + "'; GET /api/v1/reports lists them"));
        RequestParameters parameters = new RequestParameters(values, RUN_PARAMETERS);
        TimeRange range = TimeRange.of(parameters);
        if (range.from() == null || range.to() == null) {
            throw new BadRequestException("a report covers a period: give both 'from' and 'to'");
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
        return submit(newRun(UUID.randomUUID().toString(), name, range.from(), range.to(), patients, reader.user(), null),
                reader, true);
    }

    /**
     * Starts a schedule's run for a period unless it exists (made by this instance before, or by another one).
     *
     * @return whether this call started it
     */
    public boolean startScheduled(ReportSchedule schedule, ReportSchedule.Period period, Reader scheduler) {
        if (store.get(schedule.runId(period)).isPresent() || runs.getQueue().remainingCapacity() == 0) {
            return false;
        }
        ReportRun run = newRun(schedule.runId(period), schedule.report().name(), period.start(),
                period.end().minusMillis(1), List.of(), scheduler.user(), schedule.frequency().label());
        return submit(run, scheduler, false) != null;
    }

    private ReportRun newRun(String id, String report, Instant from, Instant to, List<String> patients, String user,
                             String schedule) {
        Instant now = Instant.now(clock);
        return new ReportRun(id, report, from.toString(), to.toString(), patients, user, schedule, now.toString(),
                now.plus(maxRunTime).toString(), ReportRun.QUEUED, null, null, null, null, null, null);
    }

    private ReportRunView submit(ReportRun run, Reader reader, boolean refuseWhenFull) {
        if (runs.getQueue().remainingCapacity() == 0) {
            if (!refuseWhenFull) {
                return null;
            }
            throw new ReportsBusyException(runs.getQueue().size() + " report runs are waiting already; start this one "
                    + "again in a few minutes");
        }
        if (!store.create(run)) {
            return null;
        }
        try {
            runs.execute(() -> runner.execute(run, reader));
        } catch (RejectedExecutionException e) {
            store.save(run.failed(Instant.now(clock).toString(), "too many report runs were waiting; start it again later"));
            if (refuseWhenFull) {
                throw new ReportsBusyException("too many report runs are waiting; start this one again in a few minutes");
            }
            return null;
        }
        return ReportRunView.of(run, Instant.now(clock));
    }

    public ReportRunView run(String id) {
        return ReportRunView.of(find(id), Instant.now(clock));
    }

    public List<ReportRunView> recent(String report, int size) {
        if (report != null && ReportCatalogue.find(report).isEmpty()) {
            throw new BadRequestException("there is no report '" + report + "'; GET /api/v1/reports lists them");
        }
        Instant now = Instant.now(clock);
        return store.recent(report, size).stream().map(run -> ReportRunView.of(run, now)).toList();
    }

    /**
     * A succeeded run's PDF or CSV; the download is recorded (Audit Log Used, and Export naming every patient of the
     * run's events) before its first byte is served.
     */
    public Download download(Reader reader, String id, String kind) {
        ReportRun run = find(id);
        ReportRunView view = ReportRunView.of(run, Instant.now(clock));
        if (!ReportRun.SUCCEEDED.equals(view.status())) {
            throw new NotFoundException("report run " + id + " has no files: it is " + view.status()
                    + (view.error() == null ? "" : " (" + view.error() + ")"));
        }
        ReportRun.ReportFile file = "pdf".equals(kind) ? run.pdf() : run.csv();
        audit.export(reader, new ReadRecord("GET /api/v1/reports/runs/{runId}/report." + kind, "run=" + id, run.rows()),
                run.exportedPatients() == null ? List.of() : run.exportedPatients());
        return new Download(store.open(id, kind, file), file, run.report() + "-" + id + "." + kind);
    }

    private ReportRun find(String id) {
        return store.get(id).orElseThrow(() -> new NotFoundException("there is no report run '" + id + "'"));
    }
}

package arr.query.report;

import arr.query.export.CsvRow;
import arr.query.export.ExportedEvent;
import arr.query.export.ExportedEvents;
import arr.query.search.EventQueries;
import arr.query.search.PagedSearch;
import arr.query.selfaudit.AuditUnavailableException;
import arr.query.selfaudit.ReadRecord;
import arr.query.selfaudit.Reader;
import arr.query.selfaudit.SelfAuditor;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one report: reads its events from one point in time, writes the CSV into the store as it goes while counting
 * for the PDF, writes the PDF, records the read as Audit Log Used (110101) with both files' SHA-256, and only then
 * marks the run succeeded.
 * A run that fails, or does not finish within its deadline, leaves no files and says why. Every write of the run's
 * record is conditional on the version this runner wrote last, so an attempt that was given up (and perhaps started
 * again) can never overwrite what came after it.
 */
public class ReportRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ReportRunner.class);
    private static final int CSV_FLUSH = 64 * 1024;
    private static final int DEADLINE_CHECK_ROWS = 1000;

    private final ReportStore store;
    private final PagedSearch paging;
    private final SelfAuditor audit;
    private final Limits limits;
    private final Executor fetches;
    private final Clock clock;
    private final MeterRegistry metrics;
    private volatile Listener listener = (run, title) -> { };

    /** Told when a run ended, succeeded or failed (after its record says so). */
    public interface Listener {
        void finished(ReportRun run, String title);
    }

    /**
     * @param maxRows    the most events a run lists
     * @param pdfRows    how many of them the PDF's table shows
     * @param batchSize  events per Elasticsearch request
     * @param maxRunTime how long a run may take once started
     */
    public record Limits(long maxRows, int pdfRows, int batchSize, Duration maxRunTime) {
    }

    /** @param metrics where {@code arr_report_runs_total} and {@code arr_report_run_seconds} are counted */
    public ReportRunner(ReportStore store, PagedSearch paging, SelfAuditor audit, Limits limits, Executor fetches, Clock clock,
                        MeterRegistry metrics) {
        this.store = store;
        this.paging = paging;
        this.audit = audit;
        this.limits = limits;
        this.fetches = fetches;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Sets who is told when a run ended (the mailer of scheduled runs' notices). */
    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** Runs a stored, queued run to its end; throws only an {@link Error}, after marking the run failed. */
    public void execute(ReportStore.Stored queued, Reader reader) {
        long started = System.nanoTime();
        String status = ReportRun.FAILED;
        try {
            status = run(queued, reader);
        } finally {
            String report = queued.run().report();
            metrics.counter("arr.report.runs", "report", report, "status", status).increment();
            metrics.timer("arr.report.run", "report", report).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** @return the status the run ended with */
    private String run(ReportStore.Stored queued, Reader reader) {
        ReportStore.Stored current = queued;
        ReportRun ended;
        try {
            Instant now = Instant.now(clock);
            if (Instant.parse(queued.run().deadline()).isBefore(now)) {
                throw new ReportFailure(ReportRunView.NOT_STARTED, true);
            }
            current = store.save(queued.run().running(now.toString(), now.plus(limits.maxRunTime()).toString()), queued);
            ReportRun run = current.run();
            ReportDefinition report = ReportCatalogue.find(run.report())
                    .orElseThrow(() -> new ReportFailure("there is no report '" + run.report() + "' any more", false));
            ReportTally tally = new ReportTally(limits.pdfRows());
            ReportRun.ReportFile csv = writeCsv(run, query(report, run), tally);
            StoredFileWriter pdfOut = new StoredFileWriter(store, run.fileKey(), "pdf");
            ReportPdf.write(pdfOut, report, run, tally, csv, Instant.now(clock).toString());
            ReportRun.ReportFile pdf = pdfOut.finish();
            checkDeadline(run);
            // The files' hashes go into the tamper-evident chain with the read: a file changed later no longer matches.
            Map<String, String> hashes = new LinkedHashMap<>();
            hashes.put("CsvSha256", csv.sha256());
            hashes.put("PdfSha256", pdf.sha256());
            audit.read(reader, new ReadRecord(endpoint(run), canonical(run), tally.events(), hashes)
                    .about(run.patients() == null ? List.of() : run.patients()));
            Set<String> inPdf = new LinkedHashSet<>(run.patients() == null ? List.of() : run.patients());
            inPdf.addAll(tally.patientsInTable());
            ReportRun succeeded = run.succeeded(Instant.now(clock).toString(), tally.events(), pdf, csv, tally.patients(),
                    List.copyOf(inPdf));
            store.save(succeeded, current);
            ended = succeeded;
            LOG.info("report run {} ({}) succeeded: {} events", run.id(), run.report(), tally.events());
        } catch (ReportStore.TakenOver e) {
            // Given up and started again elsewhere: this attempt's record is not ours to write; its files go.
            LOG.warn("report run {} attempt {} stopped: {}", current.run().id(), current.run().attempt(), e.getMessage());
            deleteFiles(current.run());
            return "abandoned";
        } catch (RuntimeException e) {
            fail(current, e);
            return ReportRun.FAILED;
        } catch (Error e) {
            fail(current, e);
            throw e;
        }
        // Outside the try: whatever the listener does, it cannot touch a run that succeeded.
        tell(ended);
        return ReportRun.SUCCEEDED;
    }

    private ReportRun.ReportFile writeCsv(ReportRun run, Query query, ReportTally tally) {
        try (ExportedEvents events = ExportedEvents.start(paging, query, limits.batchSize(), fetches)) {
            if (events.total() > limits.maxRows()) {
                // Without the number: a failed run's reason is shown to whoever may see the run, and a count of events
                // about given patients is audit data, read without an Audit Log Used event.
                throw new ReportFailure("the period holds more events than the " + limits.maxRows()
                        + " one report lists (AUDIT_REPORT_MAX_ROWS): run it over a shorter period", false);
            }
            StoredFileWriter out = new StoredFileWriter(store, run.fileKey(), "csv");
            StringBuilder rows = new StringBuilder(CSV_FLUSH + 4096).append(CsvRow.header());
            while (events.hasNext()) {
                ExportedEvent event = events.next();
                tally.add(event);
                CsvRow.append(rows, event);
                if (rows.length() >= CSV_FLUSH) {
                    flush(rows, out);
                }
                if (tally.events() % DEADLINE_CHECK_ROWS == 0) {
                    checkDeadline(run);
                }
            }
            flush(rows, out);
            return out.finish();
        }
    }

    private void checkDeadline(ReportRun run) {
        if (Instant.parse(run.deadline()).isBefore(Instant.now(clock))) {
            throw new ReportFailure("the run took longer than " + limits.maxRunTime() + " (AUDIT_REPORT_MAX_RUN_TIME): "
                    + "run it over a shorter period", false);
        }
    }

    private static void flush(StringBuilder rows, StoredFileWriter out) {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    static Query query(ReportDefinition report, ReportRun run) {
        List<String> patients = run.patients() == null ? List.of() : run.patients();
        Query period = EventQueries.timeRange("eventTime.value", Instant.parse(run.from()), Instant.parse(run.to()));
        Query selection = report.selection().apply(patients);
        return Query.of(q -> q.bool(b -> b.filter(selection, period)));
    }

    /** What the run's Audit Log Used event records as its endpoint. */
    static String endpoint(ReportRun run) {
        return run.schedule() == null ? "POST /api/v1/reports/{name}/runs" : "SCHEDULED /api/v1/reports/{name}/runs";
    }

    /** The run's parameters as the audit event records them. */
    static String canonical(ReportRun run) {
        StringBuilder out = new StringBuilder("report=").append(run.report()).append("&run=").append(run.id())
                .append("&from=").append(run.from()).append("&to=").append(run.to());
        if (run.patients() != null) {
            run.patients().forEach(p -> out.append("&patient=").append(java.net.URLEncoder.encode(p, StandardCharsets.UTF_8)));
        }
        return out.toString();
    }

    private void fail(ReportStore.Stored current, Throwable e) {
        ReportRun run = current.run();
        String why;
        boolean mayRetry = !(e instanceof ReportFailure failure) || failure.mayRetry;
        if (e instanceof ReportFailure) {
            why = e.getMessage();
            LOG.warn("report run {} ({}) failed: {}", run.id(), run.report(), why);
        } else if (e instanceof AuditUnavailableException) {
            why = "the run could not be recorded in the audit trail (Kafka did not take its event); run it again later";
            LOG.error("report run {} ({}) failed: {}", run.id(), run.report(), e.getMessage());
        } else {
            why = "the audit store could not answer during the run; run it again later";
            LOG.error("report run {} ({}) failed", run.id(), run.report(), e);
        }
        ReportRun failed = null;
        try {
            failed = run.failed(Instant.now(clock).toString(), why, mayRetry);
            store.save(failed, current);
        } catch (RuntimeException again) {
            // Taken over, or Elasticsearch away: its deadline makes it show as failed anyway.
            LOG.error("report run {} could not be marked failed: {}", run.id(), again.getMessage());
            failed = null;
        }
        deleteFiles(run);
        if (failed != null) {
            tell(failed);
        }
    }

    /**
     * A run that was marked failed outside its runner (swept after its query API stopped, refused by a full queue,
     * left waiting at a stop): counted and told like one that failed here.
     */
    public void failedElsewhere(ReportRun failed) {
        metrics.counter("arr.report.runs", "report", failed.report(), "status", ReportRun.FAILED).increment();
        tell(failed);
    }

    /** A listener's failure is its own: it never changes how the run ended. */
    private void tell(ReportRun run) {
        try {
            listener.finished(run, ReportCatalogue.find(run.report()).map(ReportDefinition::title).orElse(run.report()));
        } catch (RuntimeException e) {
            LOG.error("report run {}: its listener failed: {}", run.id(), e.toString());
        }
    }

    private void deleteFiles(ReportRun run) {
        try {
            store.deleteFiles(run.fileKey());
        } catch (RuntimeException again) {
            // Unreachable through the API (only a succeeded run's files are served); deleted after AUDIT_REPORT_KEEP.
            LOG.error("the partial files of report run {} could not be deleted: {}", run.id(), again.getMessage());
        }
    }

    /** A reason a run fails that its requester should read as it is, and whether another attempt may succeed. */
    static final class ReportFailure extends RuntimeException {
        final boolean mayRetry;

        ReportFailure(String message, boolean mayRetry) {
            super(message);
            this.mayRetry = mayRetry;
        }
    }
}

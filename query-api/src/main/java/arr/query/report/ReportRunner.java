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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one report: reads its events from one point in time, writes the CSV into the store as it goes while counting
 * for the PDF, records the read as Audit Log Used (110101), writes the PDF, and only then marks the run succeeded. A
 * run that fails leaves no files and says why.
 */
public class ReportRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ReportRunner.class);
    private static final int CSV_FLUSH = 64 * 1024;

    private final ReportStore store;
    private final PagedSearch paging;
    private final SelfAuditor audit;
    private final long maxRows;
    private final int pdfRows;
    private final int batchSize;
    private final Executor fetches;
    private final Clock clock;

    public ReportRunner(ReportStore store, PagedSearch paging, SelfAuditor audit, long maxRows, int pdfRows, int batchSize,
                        Executor fetches, Clock clock) {
        this.store = store;
        this.paging = paging;
        this.audit = audit;
        this.maxRows = maxRows;
        this.pdfRows = pdfRows;
        this.batchSize = batchSize;
        this.fetches = fetches;
        this.clock = clock;
    }

    /** Runs a stored, queued run to its end; never throws (the run's status says how it ended). */
    public void execute(ReportRun queued, Reader reader) {
        ReportRun run = queued.running();
        try {
            store.save(run);
            ReportDefinition report = ReportCatalogue.find(run.report())
                    .orElseThrow(() -> new ReportFailure("there is no report '" + run.report() + "' any more"));
            ReportTally tally = new ReportTally(pdfRows);
            ReportRun.ReportFile csv = writeCsv(run, query(report, run), tally);
            audit.read(reader, new ReadRecord(endpoint(run), canonical(run), tally.events()));
            String generatedAt = Instant.now(clock).toString();
            StoredFileWriter pdfOut = new StoredFileWriter(store, run.id(), "pdf");
            ReportPdf.write(pdfOut, report, run, tally, csv, generatedAt);
            store.save(run.succeeded(Instant.now(clock).toString(), tally.events(), pdfOut.finish(), csv, tally.patients()));
            LOG.info("report run {} ({}) succeeded: {} events", run.id(), run.report(), tally.events());
        } catch (RuntimeException e) {
            fail(run, e);
        }
    }

    private ReportRun.ReportFile writeCsv(ReportRun run, Query query, ReportTally tally) {
        try (ExportedEvents events = ExportedEvents.start(paging, query, batchSize, fetches)) {
            if (events.total() > maxRows) {
                throw new ReportFailure("the period holds " + events.total() + " events, more than the " + maxRows
                        + " one report lists (AUDIT_REPORT_MAX_ROWS): run it over a shorter period");
            }
            StoredFileWriter out = new StoredFileWriter(store, run.id(), "csv");
            StringBuilder rows = new StringBuilder(CSV_FLUSH + 4096).append(CsvRow.header());
            while (events.hasNext()) {
                ExportedEvent event = events.next();
                tally.add(event);
                CsvRow.append(rows, event);
                if (rows.length() >= CSV_FLUSH) {
                    flush(rows, out);
                }
            }
            flush(rows, out);
            return out.finish();
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

    private void fail(ReportRun run, RuntimeException e) {
        String why;
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
        try {
            store.save(run.failed(Instant.now(clock).toString(), why));
        } catch (RuntimeException again) {
            // The run's deadline makes it show as failed anyway.
            LOG.error("report run {} could not be marked failed: {}", run.id(), again.getMessage());
        }
        try {
            store.deleteFiles(run.id());
        } catch (RuntimeException again) {
            // Unreachable through the API (a failed run has no files); deleted with the run after AUDIT_REPORT_KEEP.
            LOG.error("the partial files of report run {} could not be deleted: {}", run.id(), again.getMessage());
        }
    }

    /** A reason a run fails that its requester should read as it is. */
    static final class ReportFailure extends RuntimeException {
        ReportFailure(String message) {
            super(message);
        }
    }
}

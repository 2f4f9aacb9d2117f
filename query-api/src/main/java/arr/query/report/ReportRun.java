package arr.query.report;

import java.util.List;

/**
 * One run of a report as stored in {@value ReportStore#RUNS}. Times are ISO-8601 UTC strings.
 *
 * @param id               the run's ID: a UUID for a run on request, {@code REPORT-FREQUENCY-DATE} for a scheduled one
 * @param report           the report's name
 * @param from             the period's first instant
 * @param to               the period's last instant (inclusive)
 * @param patients         the patients the run was asked about (patient-disclosure only)
 * @param requestedBy      the user who asked for it, or {@value ReportScheduler#USER} for a scheduled run
 * @param schedule         the schedule that started it ({@code daily} ...), null for a run on request
 * @param attempt          1, or more for a scheduled run started again after a failed attempt
 * @param requestedAt      when it was asked for (this attempt)
 * @param startedAt        when it started running
 * @param deadline         queued: when it must have started; running: when it must have finished. A run past its
 *                         deadline has failed (waited too long, or its query API stopped)
 * @param status           {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param finishedAt       when it succeeded or failed
 * @param rows             how many events it lists
 * @param error            why it failed
 * @param retry            for a failed scheduled run, whether attempting it again may succeed (not when the period
 *                         holds too many events or the run took too long: another attempt would fail alike)
 * @param pdf              its PDF, once succeeded
 * @param csv              its CSV, once succeeded
 * @param csvPatients      every patient (CX value) of the events it lists: a download of the CSV names each one in
 *                         its Export event
 * @param pdfPatients      the patients the PDF names (those asked about and those of the events in its table): a
 *                         download of the PDF names each one
 */
public record ReportRun(String id, String report, String from, String to, List<String> patients, String requestedBy,
                        String schedule, int attempt, String requestedAt, String startedAt, String deadline, String status,
                        String finishedAt, Long rows, String error, Boolean retry, ReportFile pdf, ReportFile csv, List<String> csvPatients,
                        List<String> pdfPatients) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    static ReportRun queued(String id, String report, String from, String to, List<String> patients, String requestedBy,
                            String schedule, int attempt, String requestedAt, String deadline) {
        return new ReportRun(id, report, from, to, patients, requestedBy, schedule, attempt, requestedAt, null, deadline,
                QUEUED, null, null, null, null, null, null, null, null);
    }

    /** Which files are this attempt's: a later attempt of the same run never shares (or deletes) an earlier one's. */
    String fileKey() {
        return id + "/" + attempt;
    }

    boolean unfinished() {
        return QUEUED.equals(status) || RUNNING.equals(status);
    }

    ReportRun running(String at, String runDeadline) {
        return new ReportRun(id, report, from, to, patients, requestedBy, schedule, attempt, requestedAt, at, runDeadline,
                RUNNING, null, null, null, null, null, null, null, null);
    }

    ReportRun succeeded(String at, long count, ReportFile pdfFile, ReportFile csvFile, List<String> inCsv,
                        List<String> inPdf) {
        return new ReportRun(id, report, from, to, patients, requestedBy, schedule, attempt, requestedAt, startedAt, deadline,
                SUCCEEDED, at, count, null, null, pdfFile, csvFile, inCsv, inPdf);
    }

    ReportRun failed(String at, String why, boolean mayRetry) {
        return new ReportRun(id, report, from, to, patients, requestedBy, schedule, attempt, requestedAt, startedAt, deadline,
                FAILED, at, null, why, mayRetry, null, null, null, null);
    }

    /**
     * A stored file of a run, kept in chunks.
     *
     * @param sha256 hex SHA-256 of the whole file
     * @param bytes  its length
     * @param chunks how many chunks hold it
     */
    public record ReportFile(String sha256, long bytes, int chunks) {
    }
}

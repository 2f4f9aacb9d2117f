package arr.query.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report run as the API shows it: its status as of now (a run past its deadline has failed, whatever its record
 * last said) and, once it succeeded, links to its PDF and CSV with their SHA-256.
 */
public record ReportRunView(String id, String report, String status, String from, String to, List<String> patients,
                            String requestedBy, String schedule, int attempt, String requestedAt, String startedAt,
                            String deadline, String finishedAt, Long rows, String error, Map<String, FileLink> files) {

    static final String NOT_STARTED = "the run did not start by its deadline: too many runs were waiting, or the query "
            + "API holding it stopped; start it again";
    static final String NOT_FINISHED = "the run did not finish by its deadline: the query API running it stopped or was "
            + "restarted; start it again";

    /** @param href where to download it; {@code sha256} and {@code bytes} to check what was downloaded */
    public record FileLink(String href, String mediaType, String sha256, long bytes) {
    }

    static ReportRunView of(ReportRun run, Instant now) {
        boolean overdue = run.unfinished() && run.deadline() != null && Instant.parse(run.deadline()).isBefore(now);
        Map<String, FileLink> files = new LinkedHashMap<>();
        if (ReportRun.SUCCEEDED.equals(run.status())) {
            String base = "/api/v1/reports/runs/" + run.id() + "/report.";
            files.put("pdf", new FileLink(base + "pdf", "application/pdf", run.pdf().sha256(), run.pdf().bytes()));
            files.put("csv", new FileLink(base + "csv", "text/csv", run.csv().sha256(), run.csv().bytes()));
        }
        String error = !overdue ? run.error() : ReportRun.QUEUED.equals(run.status()) ? NOT_STARTED : NOT_FINISHED;
        return new ReportRunView(run.id(), run.report(), overdue ? ReportRun.FAILED : run.status(), run.from(), run.to(),
                run.patients() == null ? List.of() : run.patients(), run.requestedBy(), run.schedule(), run.attempt(),
                run.requestedAt(), run.startedAt(), run.deadline(), run.finishedAt(), run.rows(), error, files);
    }
}

package arr.query.api;

import arr.query.report.ReportCatalogue;
import arr.query.report.ReportDefinition;
import arr.query.report.ReportRunView;
import arr.query.report.ReportScheduler;
import arr.query.report.ReportService;
import arr.query.search.RequestParameters;
import arr.query.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Compliance reports (CONTRACT.md §4): the catalogue, runs on request and on schedule, and their PDF and CSV. */
@Controller("/api/v1/reports")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.PRIVACY_OFFICER)
public class ReportsController {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int DEFAULT_RUNS = 50;

    private final ReportService reports;
    private final ReportScheduler scheduler;

    public ReportsController(ReportService reports, ReportScheduler scheduler) {
        this.reports = reports;
        this.scheduler = scheduler;
    }

    /** The catalogue: each report with what it answers and takes, and the schedules configured. */
    public record Catalogue(List<Report> reports, List<Schedule> schedules) {
    }

    public record Report(String name, String title, String description, List<String> parameters, boolean schedulable) {
    }

    public record Schedule(String report, String frequency, String zone) {
    }

    public record Runs(List<ReportRunView> runs) {
    }

    @Get
    @Operation(summary = "The compliance reports, what each answers and takes, and the configured schedules")
    public Catalogue catalogue(HttpRequest<?> request) {
        Requests.parameters(request, Set.of());
        List<Report> all = ReportCatalogue.all().stream().map(ReportsController::report).toList();
        List<Schedule> schedules = scheduler.schedules().stream()
                .map(s -> new Schedule(s.report().name(), s.frequency().name().toLowerCase(java.util.Locale.ROOT),
                        scheduler.zone().getId())).toList();
        return new Catalogue(all, schedules);
    }

    @Post("/{name}/runs")
    @Consumes({MediaType.APPLICATION_JSON})
    @Operation(summary = "Start a run over a period (JSON body: from, to, and patient [...] for patient-disclosure); "
            + "202 with the run, which links its PDF and CSV once it succeeded")
    public HttpResponse<ReportRunView> start(String name, @Nullable @Body Map<String, Object> body, HttpRequest<?> request,
                                             Authentication authentication) {
        Requests.parameters(request, Set.of());
        ReportRunView run = reports.start(Requests.reader(request, authentication), name, values(body));
        return HttpResponse.accepted(URI.create("/api/v1/reports/runs/" + run.id())).body(run);
    }

    @Get("/runs")
    @Operation(summary = "The newest runs, of one report (report=NAME) or of all; size up to 1000, 50 by default; recorded as a read")
    public Runs runs(HttpRequest<?> request, Authentication authentication) {
        RequestParameters parameters = Requests.parameters(request, Set.of("report", "size"));
        Integer size = parameters.integer("size", 1, 1000);
        return new Runs(reports.recent(Requests.reader(request, authentication), parameters.text("report"),
                size == null ? DEFAULT_RUNS : size));
    }

    @Get("/runs/{runId}")
    @Operation(summary = "One run: its status, and once it succeeded links to its PDF and CSV with their SHA-256 (then recorded as a read)")
    public ReportRunView run(String runId, HttpRequest<?> request, Authentication authentication) {
        Requests.parameters(request, Set.of());
        return reports.run(Requests.reader(request, authentication), checked(runId));
    }

    @Get(value = "/runs/{runId}/report.pdf", produces = "application/pdf")
    @Operation(summary = "A succeeded run's PDF; recorded as Audit Log Used and Export (110106)")
    public HttpResponse<StreamedFile> pdf(String runId, HttpRequest<?> request, Authentication authentication) {
        return file(runId, "pdf", MediaType.of("application/pdf"), request, authentication);
    }

    @Get(value = "/runs/{runId}/report.csv", produces = "text/csv")
    @Operation(summary = "A succeeded run's CSV (the CSV export's columns); recorded as Audit Log Used and Export (110106)")
    public HttpResponse<StreamedFile> csv(String runId, HttpRequest<?> request, Authentication authentication) {
        return file(runId, "csv", new MediaType("text/csv; charset=utf-8"), request, authentication);
    }

    private HttpResponse<StreamedFile> file(String runId, String kind, MediaType type, HttpRequest<?> request,
                                            Authentication authentication) {
        Requests.parameters(request, Set.of());
        ReportService.Download download = reports.download(Requests.reader(request, authentication), checked(runId), kind);
        String digest = java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(download.file().sha256()));
        return HttpResponse.ok(new StreamedFile(download.content(), type, System.currentTimeMillis(), download.file().bytes()))
                .header("Content-Disposition", "attachment; filename=\"" + download.filename() + "\"")
                // RFC 9530: the client can check what it received against the run's record.
                .header("Repr-Digest", "sha-256=:" + digest + ":");
    }

    private static String checked(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new BadRequestException("a run ID is the one a run's answer gives");
        }
        return runId;
    }

    private static Report report(ReportDefinition d) {
        List<String> parameters = d.needsPatients() ? List.of("from", "to", "patient") : List.of("from", "to");
        return new Report(d.name(), d.title(), d.description(), parameters, !d.needsPatients());
    }

    /** The body's members as parameter lists: each a string, or (patient) an array of strings. */
    private static Map<String, List<String>> values(Map<String, Object> body) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (body == null) {
            return values;
        }
        body.forEach((name, value) -> {
            List<String> list = new ArrayList<>();
            if (value instanceof String text) {
                list.add(text);
            } else if (value instanceof List<?> items && items.stream().allMatch(String.class::isInstance)) {
                items.forEach(item -> list.add((String) item));
            } else {
                throw new BadRequestException("'" + name + "' must be a string or an array of strings");
            }
            values.put(name, list);
        });
        return values;
    }
}

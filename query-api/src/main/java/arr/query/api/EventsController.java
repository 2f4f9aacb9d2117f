package arr.query.api;

import arr.query.config.SearchLimits;
import arr.query.export.CsvExport;
import arr.query.search.EventFilterParser;
import arr.query.search.PartialFieldCheck;
import arr.query.search.EventFilters;
import arr.query.search.EventService;
import arr.query.search.EventView;
import arr.query.search.Page;
import arr.query.search.QuarantineFilters;
import arr.query.search.QuarantineView;
import arr.query.search.RequestParameters;
import arr.query.security.Roles;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Search, detail, CSV export and quarantine (CONTRACT.md §4). Every read is audited by the service it calls. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventsController {

    private static final Set<String> SEARCH = Requests.plus(EventFilterParser.FILTER_NAMES, "size", "cursor");
    private static final Set<String> QUARANTINE = Set.of("from", "to", "source", "size", "cursor");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int DEFAULT_SIZE = 50;

    private final EventService events;
    private final SearchLimits limits;
    private final PartialFieldCheck partialFields;

    public EventsController(EventService events, SearchLimits limits, PartialFieldCheck partialFields) {
        this.events = events;
        this.limits = limits;
        this.partialFields = partialFields;
    }

    @Get("/events")
    @Secured(Roles.AUDITOR)
    @Operation(summary = "Search normalized events, newest first, with an exact total and a signed cursor")
    @ApiDocs.EventFilterParameters
    @ApiDocs.PagingParameters
    public Page<EventView> search(HttpRequest<?> request, Authentication authentication) {
        RequestParameters parameters = Requests.parameters(request, SEARCH);
        EventFilters filters = complete(EventFilterParser.parse(parameters));
        return events.search(Requests.reader(request, authentication), filters, size(parameters), parameters.text("cursor"));
    }

    @Get("/events/{id}")
    @Secured(Roles.AUDITOR)
    @Operation(summary = "One event with the audit XML exactly as received (raw)")
    public EventView detail(String id, HttpRequest<?> request, Authentication authentication) {
        Requests.parameters(request, Set.of());
        if (!ID.matcher(id).matches()) {
            throw new BadRequestException("an event ID is the UUID that search answers give");
        }
        return events.detail(Requests.reader(request, authentication), id);
    }

    @Get(value = "/events.csv", produces = "text/csv")
    @Secured(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Every matching event as CSV (columns in the README); also recorded as an Export (110106)")
    @ApiDocs.EventFilterParameters
    public HttpResponse<StreamedFile> export(HttpRequest<?> request, Authentication authentication) {
        EventFilters filters = complete(EventFilterParser.parse(Requests.parameters(request, EventFilterParser.FILTER_NAMES)));
        CsvExport export = events.export(Requests.reader(request, authentication), filters, limits.maxExportRows());
        return HttpResponse.ok(new StreamedFile(export, new MediaType("text/csv; charset=utf-8")))
                .header("Content-Disposition", "attachment; filename=\"audit-events.csv\"")
                .header("X-Total-Count", Long.toString(export.total()));
    }

    @Get("/quarantine")
    @Secured(Roles.AUDITOR)
    @Operation(summary = "Messages that could not be normalized (status invalid), newest received first")
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "earliest receipt time",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "latest receipt time",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "source", in = ParameterIn.QUERY, description = "AuditSourceID, or peer:<address>",
            schema = @Schema(implementation = String.class))
    @ApiDocs.PagingParameters
    public Page<QuarantineView> quarantine(HttpRequest<?> request, Authentication authentication) {
        RequestParameters parameters = Requests.parameters(request, QUARANTINE);
        return events.quarantine(Requests.reader(request, authentication), QuarantineFilters.parse(parameters),
                size(parameters), parameters.text("cursor"));
    }

    /**
     * The filters, if the search can be answered whole: one by object type or role over months whose documents may not
     * hold them (indexed before document schema 7, or sent by an older collector) would leave events out unseen.
     */
    private EventFilters complete(EventFilters filters) {
        List<String> lacking = partialFields.indicesLackingFields(filters);
        if (!lacking.isEmpty()) {
            throw new BadRequestException("objectType and objectRole cannot be searched in " + String.join(", ", lacking)
                    + ": some of their events in the searched dates were indexed without object types and roles (before "
                    + "document schema 7, or sent by an older collector), so they would be left out. Search those dates "
                    + "without objectType and objectRole, or other dates.");
        }
        return filters;
    }

    private int size(RequestParameters parameters) {
        Integer size = parameters.integer("size", 1, limits.maxPageSize());
        return size == null ? DEFAULT_SIZE : size;
    }
}

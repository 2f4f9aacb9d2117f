package arr.query.api;

import arr.query.config.SearchLimits;
import arr.query.investigation.InvestigationService;
import arr.query.investigation.PatientAccesses;
import arr.query.investigation.UserActivity;
import arr.query.search.RequestParameters;
import arr.query.search.TimeRange;
import arr.query.security.Roles;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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

/** The privacy officer's investigations: who accessed these patients, and what did this user do. */
@Controller("/api/v1/investigations")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.PRIVACY_OFFICER)
public class InvestigationsController {

    private final InvestigationService investigations;
    private final SearchLimits limits;

    public InvestigationsController(InvestigationService investigations, SearchLimits limits) {
        this.investigations = investigations;
        this.limits = limits;
    }

    @Get("/patient-accesses")
    @Operation(summary = "Who accessed these patients: per patient and user, counts, first and last time, event types, outcomes, sources")
    @Parameter(name = "patient", in = ParameterIn.QUERY, required = true,
            description = "repeatable, up to 1,000: an ID alone (any authority) or a CX value (exact)",
                    schema = @Schema(implementation = String.class))
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "earliest event time",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "latest event time",
            schema = @Schema(implementation = String.class))
    public PatientAccesses patientAccesses(HttpRequest<?> request, Authentication authentication) {
        RequestParameters parameters = Requests.parameters(request, Set.of("patient", "from", "to"));
        List<String> patients = parameters.all("patient").stream().distinct().toList();
        if (patients.isEmpty()) {
            throw new BadRequestException("name at least one patient: patient=ID or patient=ID^^^&OID&ISO, repeatable");
        }
        if (patients.size() > limits.maxPatients()) {
            throw new BadRequestException("at most " + limits.maxPatients() + " patients at once, not " + patients.size());
        }
        TimeRange range = TimeRange.of(parameters);
        return investigations.patientAccesses(Requests.reader(request, authentication), patients, range.from(), range.to());
    }

    @Get("/user-activity")
    @Operation(summary = "What a user did: patients touched, event types, failures, addresses")
    @Parameter(name = "user", in = ParameterIn.QUERY, required = true, description = "UserID or AlternativeUserID",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "earliest event time",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "latest event time",
            schema = @Schema(implementation = String.class))
    public UserActivity userActivity(HttpRequest<?> request, Authentication authentication) {
        RequestParameters parameters = Requests.parameters(request, Set.of("user", "from", "to"));
        String user = parameters.text("user");
        if (user == null) {
            throw new BadRequestException("name the user: user=ID");
        }
        TimeRange range = TimeRange.of(parameters);
        return investigations.userActivity(Requests.reader(request, authentication), user, range.from(), range.to());
    }
}

package arr.query.api;

import arr.query.holds.LegalHoldService;
import arr.query.holds.RetentionStatusStore;
import arr.query.selfaudit.ReadRecord;
import arr.query.selfaudit.SelfAuditor;
import arr.schemas.index.RetentionStatus;
import arr.query.security.Roles;
import arr.schemas.index.LegalHold;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Retention and legal holds (CONTRACT.md §4: admin): the last retention run, and the holds placed through the API
 * (list, place, release). A month holding an event under an active hold is never deleted by the retention policy; each
 * change of a hold is recorded as a Security Alert.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.ADMIN)
public class RetentionController {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> FIELDS = Set.of("kind", "value", "reason");

    private final LegalHoldService holds;
    private final RetentionStatusStore retention;
    private final SelfAuditor audit;

    public RetentionController(LegalHoldService holds, RetentionStatusStore retention, SelfAuditor audit) {
        this.holds = holds;
        this.retention = retention;
        this.audit = audit;
    }

    public record Holds(List<LegalHold> items) {
    }

    @Get("/retention")
    @Operation(summary = "The indexer's last retention run: the policy in effect (ages, configured holds) and each month's fate")
    public RetentionStatus retention(HttpRequest<?> request, Authentication authentication) {
        Requests.parameters(request, Set.of());
        RetentionStatus status = retention.last().orElseThrow(() -> new NotFoundException("the indexer has not applied the "
                + "retention policy yet (it first does a minute after it starts, AUDIT_RETENTION_FIRST_RUN)"));
        // It names the patients held by configuration: recorded as a read about them, like any read naming patients.
        audit.read(Requests.reader(request, authentication), new ReadRecord("GET /api/v1/retention", "", status.months().size())
                .about(status.holdPatients()));
        return status;
    }

    @Get("/legal-holds")
    @Operation(summary = "Every legal hold placed through the API, newest first, released ones included (releasedAt set)")
    public Holds list(HttpRequest<?> request, Authentication authentication) {
        Requests.parameters(request, Set.of());
        List<LegalHold> all = holds.all();
        // The holds name patients: recorded as a read about them, like any read naming patients.
        audit.read(Requests.reader(request, authentication), new ReadRecord("GET /api/v1/legal-holds", "", all.size())
                .about(all.stream().filter(h -> LegalHold.PATIENT.equals(h.kind())).map(LegalHold::value).distinct().toList()));
        return new Holds(all);
    }

    @Post("/legal-holds")
    @Consumes({MediaType.APPLICATION_JSON})
    @Operation(summary = "Place a legal hold (JSON body: kind patient or source, value, reason); 201 with the hold")
    public HttpResponse<LegalHold> place(@Nullable @Body Map<String, Object> body, HttpRequest<?> request,
                                         Authentication authentication) {
        Requests.parameters(request, Set.of());
        if (body == null) {
            throw new BadRequestException("a JSON body with kind, value and reason is required");
        }
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new BadRequestException("unknown field '" + key + "'; a hold has kind, value and reason");
            }
        }
        LegalHold hold = holds.place(Requests.reader(request, authentication), text(body, "kind"), text(body, "value"),
                text(body, "reason"));
        return HttpResponse.created(hold, URI.create("/api/v1/legal-holds/" + hold.id()));
    }

    @Delete("/legal-holds/{id}")
    @Operation(summary = "Release a legal hold; 200 with the released hold, 409 when it was released already")
    public LegalHold release(String id, HttpRequest<?> request, Authentication authentication) {
        Requests.parameters(request, Set.of());
        if (!ID.matcher(id).matches()) {
            throw new NotFoundException("no legal hold " + id.substring(0, Math.min(id.length(), 64)).replaceAll("[^\\w-]", "?"));
        }
        return holds.release(Requests.reader(request, authentication), id);
    }

    private static String text(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value != null && !(value instanceof String)) {
            throw new BadRequestException(name + " must be a string");
        }
        return (String) value;
    }
}

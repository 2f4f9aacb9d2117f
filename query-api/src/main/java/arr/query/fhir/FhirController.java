package arr.query.fhir;

import arr.query.api.BadRequestException;
import arr.query.api.GoneException;
import arr.query.api.NotFoundException;
import arr.query.config.FhirConfig;
import arr.query.config.SearchLimits;
import arr.query.search.EventService;
import arr.query.search.EventView;
import arr.query.search.Page;
import arr.query.security.ClientAddress;
import arr.query.security.Roles;
import arr.query.selfaudit.AuditUnavailableException;
import arr.query.selfaudit.Reader;
import arr.schemas.validation.ValidationStatus;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import arr.query.search.PartialFieldCheck;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IHE ITI-81 Retrieve ATNA Audit Event: the stored audit messages as FHIR R4 AuditEvent resources, searched like
 * {@code /api/v1/events} (the same filters, paging, role and audit of every read). Errors are OperationOutcomes in
 * the format asked for (401 and 403, answered before the controller runs, and the schema guard's 503 stay
 * problem+json like the rest of the API). It answers whatever the {@code Accept} header names: FHIR clients ask for
 * {@code application/fhir+json} or {@code application/fhir+xml}, which Micronaut would otherwise refuse with 406.
 */
@Controller("/fhir")
@Produces({FhirFormat.JSON_TYPE, FhirFormat.XML_TYPE, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML,
        MediaType.TEXT_XML, MediaType.ALL})
@ExecuteOn(TaskExecutors.BLOCKING)
public class FhirController {

    private static final Logger LOG = LoggerFactory.getLogger(FhirController.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");

    private final EventService events;
    private final SearchLimits limits;
    private final FhirConfig config;
    private final PartialFieldCheck partialFields;

    public FhirController(EventService events, SearchLimits limits, FhirConfig config, PartialFieldCheck partialFields) {
        this.events = events;
        this.partialFields = partialFields;
        this.limits = limits;
        this.config = config;
    }

    @Get("/AuditEvent")
    @Secured(Roles.AUDITOR)
    @Operation(summary = "IHE ITI-81: AuditEvent search (FHIR R4 searchset Bundle, newest first; date is required)")
    public HttpResponse<String> search(HttpRequest<?> request, Authentication authentication) {
        Map<String, List<String>> parameters = request.getParameters().asMap();
        return answer(request, parameters, () -> search(parameters, request, authentication, "GET /fhir/AuditEvent"));
    }

    /**
     * The same search by POST (FHIR R4: a server that searches over HTTP takes both): the parameters in an
     * {@code application/x-www-form-urlencoded} body, in the URL, or both. Its {@code next} links are GET searches.
     */
    @Post(value = "/AuditEvent/_search", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.AUDITOR)
    @Operation(summary = "IHE ITI-81 by POST: the same search with its parameters in a form-encoded body")
    public HttpResponse<String> searchByPost(@Nullable @Body String body, HttpRequest<?> request,
                                             Authentication authentication) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameters().asMap().forEach((name, values) -> parameters.put(name, new ArrayList<>(values)));
        FhirBadRequestException malformed = null;
        try {
            // Escapes are read as UTF-8, as the URL's are: a body in another charset would match nothing, silently.
            if (!utf8(request)) {
                throw new FhirBadRequestException("not-supported", "the form body must be UTF-8");
            }
            FormBody.read(body == null ? "" : body)
                    .forEach((name, values) -> parameters.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        } catch (FhirBadRequestException e) {
            malformed = e;
        }
        FhirBadRequestException refused = malformed;
        return answer(request, parameters, () -> {
            if (refused != null) {
                throw refused;
            }
            return search(parameters, request, authentication, "POST /fhir/AuditEvent/_search");
        });
    }

    /** Whether the body's charset is UTF-8 (or not named); an unknown or malformed name is not. */
    private static boolean utf8(HttpRequest<?> request) {
        try {
            return request.getContentType().flatMap(MediaType::getCharset)
                    .map(charset -> charset.equals(java.nio.charset.StandardCharsets.UTF_8)).orElse(true);
        } catch (IllegalArgumentException unknownCharset) {
            return false;
        }
    }

    private IBaseResource search(Map<String, List<String>> parameters, HttpRequest<?> request, Authentication authentication,
                                 String endpoint) {
        FhirSearch search = FhirSearch.parse(parameters, limits.maxPageSize());
        List<String> lacking = partialFields.indicesLackingFields(search.filters());
        if (!lacking.isEmpty()) {
            throw new FhirBadRequestException("not-supported", "entity-type and entity-role cannot be searched in "
                    + String.join(", ", lacking) + ": some of their events in the searched dates were indexed without entity types and "
                    + "roles (before document schema 7, or sent by an older collector), so they would be left out. Search those "
                    + "dates without entity-type and entity-role, or other dates.");
        }
        if (search.count() == 0) {
            long total = events.count(reader(request, authentication), search.filters(), endpoint, search.canonical());
            return SearchBundles.of(base(request), search, new Page<>(total, List.of(), null));
        }
        Page<EventView> page = events.search(reader(request, authentication), search.filters(), search.count(),
                search.cursor(), endpoint, "GET /fhir/AuditEvent", search.cursor() == null ? search.canonical()
                        : search.canonical() + "&_cursor=page");
        return SearchBundles.of(base(request), search, page);
    }

    @Get("/AuditEvent/{id}")
    @Secured(Roles.AUDITOR)
    @Operation(summary = "One AuditEvent, by the ID a search gave")
    public HttpResponse<String> read(String id, HttpRequest<?> request, Authentication authentication) {
        return answer(request, request.getParameters().asMap(), () -> {
            for (String name : request.getParameters().names()) {
                if (!name.equals("_format")) {
                    throw new FhirBadRequestException("not-supported", "a read takes no parameter but _format");
                }
            }
            if (!ID.matcher(id).matches()) {
                throw new FhirBadRequestException("invalid", "an AuditEvent ID is the ID a search gave");
            }
            EventView event = events.detail(reader(request, authentication), id, "GET /fhir/AuditEvent/{id}");
            if (event.validation() != null && event.validation().status() == ValidationStatus.INVALID) {
                throw new NotFoundException("the message " + id + " could not be read as an audit event; it is in the quarantine "
                        + "(GET /api/v1/quarantine)");
            }
            return AuditEventResources.of(event);
        });
    }

    /** The CapabilityStatement, open like {@code /openapi.yml}: it says what the server does, not what it holds. */
    @Get("/metadata")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(summary = "The FHIR CapabilityStatement of this server (no authentication)")
    public HttpResponse<String> metadata(HttpRequest<?> request) {
        return answer(request, request.getParameters().asMap(), () -> CapabilityStatements.of(base(request)));
    }

    /**
     * Runs a request and writes its resource, or its error as an OperationOutcome, in the format asked for; an unknown
     * {@code _format} is itself such an error, answered in JSON.
     */
    private static HttpResponse<String> answer(HttpRequest<?> request, Map<String, List<String>> parameters,
                                               Supplier<IBaseResource> body) {
        FhirFormat format = format(request, parameters);
        try {
            FhirFormat.of(first(parameters, "_format"), null);
            return respond(HttpStatus.OK, format, body.get());
        } catch (FhirBadRequestException e) {
            return respond(HttpStatus.BAD_REQUEST, format, OperationOutcomes.of(e.issueType(), e.getMessage()));
        } catch (BadRequestException e) {
            return respond(HttpStatus.BAD_REQUEST, format, OperationOutcomes.of("invalid", e.getMessage()));
        } catch (NotFoundException e) {
            return respond(HttpStatus.NOT_FOUND, format, OperationOutcomes.of("not-found", e.getMessage()));
        } catch (GoneException e) {
            return respond(HttpStatus.GONE, format, OperationOutcomes.of("expired", e.getMessage()));
        } catch (AuditUnavailableException e) {
            return respond(HttpStatus.SERVICE_UNAVAILABLE, format, OperationOutcomes.of("transient",
                    "the read was not served because the audit trail could not record it; try again later"));
        } catch (ElasticsearchException e) {
            LOG.error("an ITI-81 request failed: Elasticsearch answered {} {}", e.status(), e.error().type());
            // 400: Elasticsearch refused the search as built from the parameters (a cluster that forbids regular
            // expressions, say, for patient.identifier with an OID); retrying would not help. Except a closed month:
            // Elasticsearch answers 400 too, but the request is valid and the store is what cannot answer, as the
            // JSON API and the investigations say with 503.
            return e.status() == 400 && !"index_closed_exception".equals(e.error().type())
                    ? respond(HttpStatus.BAD_REQUEST, format, OperationOutcomes.of("not-supported",
                            "the audit store refused this search as given; the server's log says why"))
                    : respond(HttpStatus.SERVICE_UNAVAILABLE, format, OperationOutcomes.of("transient",
                            "the audit store cannot answer right now; try again later"));
        } catch (UncheckedIOException e) {
            LOG.error("an ITI-81 request failed: {}", e.toString());
            return respond(HttpStatus.SERVICE_UNAVAILABLE, format, OperationOutcomes.of("transient",
                    "the audit store cannot answer right now; try again later"));
        } catch (RuntimeException e) {
            LOG.error("an ITI-81 request failed", e);
            return respond(HttpStatus.INTERNAL_SERVER_ERROR, format, OperationOutcomes.of("exception",
                    "the request failed on the server; it is logged there"));
        }
    }

    private static HttpResponse<String> respond(HttpStatus status, FhirFormat format, IBaseResource resource) {
        return HttpResponse.<String>status(status).contentType(format.mediaType()).body(format.write(resource));
    }

    /** The format asked for; an unknown {@code _format} is answered in JSON, saying so. */
    private static FhirFormat format(HttpRequest<?> request, Map<String, List<String>> parameters) {
        try {
            return FhirFormat.of(first(parameters, "_format"), request.getHeaders().get(HttpHeaders.ACCEPT));
        } catch (FhirBadRequestException e) {
            return FhirFormat.JSON;
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Reader reader(HttpRequest<?> request, Authentication authentication) {
        return new Reader(authentication.getName(), ClientAddress.of(request));
    }

    /**
     * This server's base URL for the links and full URLs of a Bundle: {@code AUDIT_API_PUBLIC_URL} when configured, else
     * the scheme it was reached by and the Host header the client sent, taken only when it is a plain host name or
     * address, else the address the request came in on.
     */
    private String base(HttpRequest<?> request) {
        return config.baseUrl().orElseGet(() -> requestBase(request));
    }

    private static String requestBase(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host == null || !HOST.matcher(host).matches()) {
            var server = request.getServerAddress();
            host = server.getAddress().getHostAddress() + ":" + server.getPort();
            host = host.indexOf(':') != host.lastIndexOf(':') ? "[" + server.getAddress().getHostAddress() + "]:" + server.getPort() : host;
        }
        return (request.isSecure() ? "https://" : "http://") + host;
    }
}

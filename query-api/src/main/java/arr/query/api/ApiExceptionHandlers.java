package arr.query.api;

import arr.query.report.ReportsBusyException;
import arr.query.selfaudit.AuditUnavailableException;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of the API becomes problem+json here, in one place (STYLE rule 20): our own refusals with their
 * message, the backends' failures as 503 without their internals, anything else as a 500 logged once.
 */
@Factory
public class ApiExceptionHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandlers.class);

    @Singleton
    ExceptionHandler<BadRequestException, HttpResponse<Problem>> badRequest() {
        return (request, e) -> Problem.response(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @Singleton
    ExceptionHandler<NotFoundException, HttpResponse<Problem>> notFound() {
        return (request, e) -> Problem.response(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @Singleton
    ExceptionHandler<GoneException, HttpResponse<Problem>> gone() {
        return (request, e) -> Problem.response(HttpStatus.GONE, e.getMessage());
    }

    @Singleton
    ExceptionHandler<ReportsBusyException, HttpResponse<Problem>> reportsBusy() {
        return (request, e) -> Problem.response(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()).header("Retry-After", "300");
    }

    @Singleton
    ExceptionHandler<arr.query.holds.LegalHoldService.AlreadyReleasedException, HttpResponse<Problem>> holdReleased() {
        return (request, e) -> Problem.response(HttpStatus.CONFLICT, e.getMessage());
    }

    @Singleton
    ExceptionHandler<arr.query.holds.LegalHoldStore.Changed, HttpResponse<Problem>> holdChanged() {
        return (request, e) -> Problem.response(HttpStatus.CONFLICT, e.getMessage() + "; read it again");
    }

    @Singleton
    ExceptionHandler<arr.query.holds.LegalHoldService.ChangeStandsUnrecordedException, HttpResponse<Problem>> holdUnrecorded() {
        return (request, e) -> {
            LOG.error("{}", e.getMessage());
            return Problem.response(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        };
    }

    @Singleton
    ExceptionHandler<arr.query.holds.LegalHoldService.ChangeNotRecordedException, HttpResponse<Problem>> holdNotRecorded() {
        return (request, e) -> Problem.response(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    /** A body whose Content-Type names a charset Java does not know fails in Micronaut's reading of it, before us. */
    @Singleton
    ExceptionHandler<java.nio.charset.UnsupportedCharsetException, HttpResponse<Problem>> unknownCharset() {
        return (request, e) -> Problem.response(HttpStatus.BAD_REQUEST, "the request's charset '" + e.getCharsetName()
                + "' is not known here; send UTF-8");
    }

    @Singleton
    ExceptionHandler<java.nio.charset.IllegalCharsetNameException, HttpResponse<Problem>> malformedCharset() {
        return (request, e) -> Problem.response(HttpStatus.BAD_REQUEST, "the request's charset name is malformed; send UTF-8");
    }

    @Singleton
    ExceptionHandler<AuditUnavailableException, HttpResponse<Problem>> auditUnavailable() {
        return (request, e) -> Problem.response(HttpStatus.SERVICE_UNAVAILABLE,
                "the read was not served because the audit trail could not record it; try again later");
    }

    /** The directory could not be asked about a directory user's password: no verdict, so neither a 401 nor a 403. */
    @Singleton
    ExceptionHandler<arr.query.security.DirectoryAccounts.UnavailableException, HttpResponse<Problem>> directoryUnavailable() {
        return (request, e) -> {
            LOG.error("{} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
            return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, "the directory cannot check this login right now; try again "
                    + "later").header("Retry-After", "30");
        };
    }

    @Singleton
    ExceptionHandler<ElasticsearchException, HttpResponse<Problem>> elasticsearch() {
        return (request, e) -> backendFailure(request, "Elasticsearch answered " + e.status() + " " + e.error().type());
    }

    @Singleton
    ExceptionHandler<TransportException, HttpResponse<Problem>> transport() {
        return (request, e) -> backendFailure(request, e.getMessage());
    }

    @Singleton
    ExceptionHandler<UncheckedIOException, HttpResponse<Problem>> io() {
        return (request, e) -> backendFailure(request, String.valueOf(e.getCause()));
    }

    private static HttpResponse<Problem> backendFailure(HttpRequest<?> request, String cause) {
        LOG.error("{} {} failed: {}", request.getMethod(), request.getPath(), cause);
        return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, "the audit store cannot answer right now; try again later");
    }
}

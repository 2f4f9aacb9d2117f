package arr.query.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Renders the framework's own errors (unknown route, wrong method, 401 and 403 from the security filter, malformed
 * request) as problem+json like ours. A server error never shows its cause: that is in the log, not the answer.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String detail;
        if (status.getCode() >= 500) {
            detail = "the request could not be served; the service log has the details";
        } else if (status == HttpStatus.UNAUTHORIZED) {
            detail = "credentials are missing or wrong: use HTTP Basic with a configured user";
        } else if (status == HttpStatus.FORBIDDEN) {
            detail = "your role does not allow this request";
        } else {
            detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        }
        return response.contentType(Problem.MEDIA_TYPE)
                .body(new Problem("about:blank", status.getReason(), status.getCode(), detail.isEmpty() ? null : detail));
    }
}

package arr.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/**
 * An RFC 9457 problem detail, the body of every error answer of the API. It never carries a stack trace or what
 * Elasticsearch or Kafka said: {@code detail} is written by us for the caller.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static MutableHttpResponse<Problem> response(HttpStatus status, String detail) {
        return HttpResponse.<Problem>status(status)
                .contentType(MEDIA_TYPE)
                .body(new Problem("about:blank", status.getReason(), status.getCode(), detail));
    }
}

package arr.query.security;

import arr.query.api.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.BasicAuthUtils;
import java.time.Duration;

/**
 * Answers 429 to a request with credentials from a locked-out user name or address before the security filter even
 * looks at the password, so a brute-force attempt costs neither BCrypt time nor more guesses.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class LoginThrottleFilter implements Ordered {

    private final LoginThrottle throttle;

    public LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> rejectLockedOut(HttpRequest<?> request) {
        var credentials = request.getHeaders().getAuthorization().flatMap(BasicAuthUtils::parseCredentials);
        if (credentials.isEmpty()) {
            // Nothing to guess with, nothing to check: /health, /fhir/metadata and the first request of a client that
            // waits for a 401 challenge are never refused. Until 2026-11-28 such requests shared the throttle's entry
            // of the empty user name, so five failed logins as "" (Basic Ong=) refused every one of them, from anywhere.
            return null;
        }
        return throttle.lockedOut(credentials.get().getIdentity(), ClientAddress.of(request))
                .map(LoginThrottleFilter::tooManyRequests)
                .orElse(null);
    }

    private static HttpResponse<?> tooManyRequests(Duration remaining) {
        return Problem.response(HttpStatus.TOO_MANY_REQUESTS, "too many failed logins for this user or address; try again later")
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, remaining.toSeconds() + 1)));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}

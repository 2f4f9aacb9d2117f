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
import java.net.URI;
import java.util.Locale;

/**
 * Refuses requests a browser makes on behalf of another site. A browser sends the Basic credentials it has cached for
 * this API with any request a page elsewhere triggers ({@code <img src=".../events.csv?patient=VIP">}): the page
 * cannot read the answer, but the read would be recorded in the officer's name, an Audit Log Used and an Export of that
 * patient they never made. Tools (curl, FHIR clients, scripts) send neither header and are not affected; a browser
 * marks such requests {@code Sec-Fetch-Site: cross-site} or {@code same-site}, and names the other page's origin.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CrossSiteRequestFilter implements Ordered {

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseCrossSite(HttpRequest<?> request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return refused("Sec-Fetch-Site: " + site);
        }
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request.getHeaders().get(HttpHeaders.HOST))) {
            return refused("Origin: " + origin);
        }
        return null;
    }

    /** Whether the Origin header names this service as the request reached it (its Host header). */
    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getHost() == null) {
                return false; // "null" (a sandboxed page, a file) or garbage
            }
            String authority = uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            return authority.equals(host.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static HttpResponse<?> refused(String why) {
        return Problem.response(HttpStatus.FORBIDDEN, "requests made by a browser for another site are refused (" + why
                + "): call the API directly");
    }

    @Override
    public int getOrder() {
        // Before the login throttle and the security filter: such a request never gets to count or check a password.
        return ServerFilterPhase.SECURITY.before() - 1;
    }
}

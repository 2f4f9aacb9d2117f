package arr.query.security;

import arr.query.api.Problem;
import arr.query.config.FhirConfig;
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

    /** The origin clients reach the API by through a proxy ({@code AUDIT_API_PUBLIC_URL}), or null. */
    private final String publicOrigin;

    public CrossSiteRequestFilter(FhirConfig fhir) {
        this.publicOrigin = fhir.publicBaseUrl() == null || fhir.publicBaseUrl().isBlank() ? null
                : authority(fhir.publicBaseUrl().strip());
    }

    /** Only requests that carry credentials: those are what a browser adds for a page elsewhere. The open endpoints stay open. */
    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseCrossSite(HttpRequest<?> request) {
        if (request.getHeaders().getAuthorization().isEmpty()) {
            return null;
        }
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return refused("Sec-Fetch-Site: " + site);
        }
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request.getHeaders().get(HttpHeaders.HOST), publicOrigin)) {
            return refused("Origin: " + origin);
        }
        return null;
    }

    /**
     * Whether the Origin header names this service: as the request reached it (its Host header), or as clients reach it
     * through a proxy ({@code AUDIT_API_PUBLIC_URL}, whose Host the proxy may rewrite). Default ports are left out of
     * both sides, so {@code https://arr.example} is {@code arr.example:443}.
     */
    static boolean sameOrigin(String origin, String host, String publicOrigin) {
        String claimed = authority(origin.trim());
        if (claimed == null) {
            return false; // "null" (a sandboxed page, a file) or garbage
        }
        return claimed.equals(publicOrigin) || host != null && claimed.equals(authority("//" + host.trim()));
    }

    /** host[:port] of a URL or a //host[:port], lower case, without a default port (80, 443); null when there is none. */
    private static String authority(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == 80 || port == 443;
            return uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 || defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
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

package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.util.Optional;

/**
 * IHE ITI-81's links ({@code self}, {@code next}, each entry's {@code fullUrl}).
 *
 * @param publicBaseUrl {@code AUDIT_API_PUBLIC_URL}: the URL clients reach the query API by, such as
 *                      {@code https://audit.hospital.example}, when a proxy stands in front of it (the scheme and host
 *                      the API sees are then the proxy's); blank to make links from each request's scheme and Host
 */
@Context // made at start, so that a wrong URL stops the start instead of failing every FHIR request
@ConfigurationProperties("arr.fhir")
public record FhirConfig(@Nullable String publicBaseUrl) {

    public FhirConfig {
        if (publicBaseUrl != null && !publicBaseUrl.isBlank()) {
            String wrong = "AUDIT_API_PUBLIC_URL must be the query API's root as clients reach it, "
                    + "http(s)://host[:port][/path] such as https://audit.hospital.example (links add /fhir/...)";
            URI uri;
            try {
                uri = new URI(publicBaseUrl.strip());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(wrong + "; it is not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            // The user part is left out of every message: it could hold a password.
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException(wrong + "; it must not name a user");
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getQuery() != null
                    || uri.getFragment() != null || uri.getRawAuthority().endsWith(":")
                    || uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535) || path.contains("//")
                    || path.endsWith("/fhir")) {
                throw new IllegalArgumentException(wrong + ", not " + publicBaseUrl);
            }
        }
    }

    /** The configured base URL without trailing slashes, if one is configured. */
    public Optional<String> baseUrl() {
        if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(publicBaseUrl.strip().replaceAll("/+$", ""));
    }
}

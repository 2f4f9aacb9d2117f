package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
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
@ConfigurationProperties("arr.fhir")
public record FhirConfig(@Nullable String publicBaseUrl) {

    public FhirConfig {
        if (publicBaseUrl != null && !publicBaseUrl.isBlank()) {
            URI uri;
            try {
                uri = URI.create(publicBaseUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("AUDIT_API_PUBLIC_URL is not a URL: " + publicBaseUrl);
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("AUDIT_API_PUBLIC_URL must be http(s)://host[:port][/path], such as "
                        + "https://audit.hospital.example, not " + publicBaseUrl);
            }
        }
    }

    /** The configured base URL without a trailing slash, if one is configured. */
    public Optional<String> baseUrl() {
        if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
            return Optional.empty();
        }
        String url = publicBaseUrl.strip();
        return Optional.of(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
}

package arr.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossSiteRequestFilterTest {

    @Test
    void anOriginIsThisServiceOnlyWhenItsHostAndPortAreTheRequestsHostOrThePublicUrls() {
        assertThat(CrossSiteRequestFilter.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080", null)).isTrue();
        assertThat(CrossSiteRequestFilter.sameOrigin("https://ARR.example", "arr.example", null)).isTrue();
        assertThat(CrossSiteRequestFilter.sameOrigin("https://arr.example", "arr.example:443", null)).as("default port").isTrue();
        assertThat(CrossSiteRequestFilter.sameOrigin("http://[::1]:8080", "[::1]:8080", null)).isTrue();
        // Behind a proxy that rewrites Host: the public URL's origin is this service too.
        assertThat(CrossSiteRequestFilter.sameOrigin("https://audit.hospital.example", "query-api:8080",
                "audit.hospital.example")).isTrue();
        assertThat(CrossSiteRequestFilter.sameOrigin("http://127.0.0.1:8081", "127.0.0.1:8080", null)).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("https://arr.example.evil.example", "arr.example", null)).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("https://evil.example", "query-api:8080", "audit.hospital.example")).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("null", "arr.example", null)).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("http://arr.example", null, null)).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("::not a uri::", "arr.example", null)).isFalse();
    }
}

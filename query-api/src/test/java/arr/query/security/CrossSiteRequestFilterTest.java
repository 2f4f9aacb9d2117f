package arr.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossSiteRequestFilterTest {

    @Test
    void anOriginIsThisServiceOnlyWhenItsHostAndPortAreTheRequestsHost() {
        assertThat(CrossSiteRequestFilter.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(CrossSiteRequestFilter.sameOrigin("https://ARR.example", "arr.example")).isTrue();
        assertThat(CrossSiteRequestFilter.sameOrigin("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(CrossSiteRequestFilter.sameOrigin("http://127.0.0.1:8081", "127.0.0.1:8080")).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("https://arr.example.evil.example", "arr.example")).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("null", "arr.example")).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("http://arr.example", null)).isFalse();
        assertThat(CrossSiteRequestFilter.sameOrigin("::not a uri::", "arr.example")).isFalse();
    }
}

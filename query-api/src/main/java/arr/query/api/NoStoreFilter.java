package arr.query.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * {@code Cache-Control: no-store} on every answer: they carry patient data, which no browser or proxy may keep, and
 * an answer served again from a cache would be a read the audit trail never saw. Micronaut would otherwise mark the
 * CSV export (a streamed file) {@code private, max-age=60}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class NoStoreFilter {

    @ResponseFilter
    public void noStore(MutableHttpResponse<?> response) {
        response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}

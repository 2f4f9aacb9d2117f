package arr.query.api;

import arr.query.search.RequestParameters;
import arr.query.security.ClientAddress;
import arr.query.selfaudit.Reader;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import java.util.Set;

/** What controllers read from a request: its checked parameters and who is reading. */
final class Requests {

    private Requests() {
    }

    static RequestParameters parameters(HttpRequest<?> request, Set<String> allowed) {
        return new RequestParameters(request.getParameters().asMap(), allowed);
    }

    static Reader reader(HttpRequest<?> request, Authentication authentication) {
        return new Reader(authentication.getName(), ClientAddress.of(request));
    }

    static Set<String> plus(Set<String> names, String... more) {
        java.util.Set<String> all = new java.util.HashSet<>(names);
        all.addAll(java.util.List.of(more));
        return Set.copyOf(all);
    }
}

package arr.query.api;

import arr.query.search.SchemaGuard;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Answers 503 to every API request while Elasticsearch holds indices this version cannot search alike
 * ({@link SchemaGuard}): an answer from them could be silently incomplete, which for an audit trail is worse than none.
 */
// Not /fhir/metadata, which is open: an anonymous caller must learn nothing of the indices.
@ServerFilter({"/api/**", "/fhir/AuditEvent", "/fhir/AuditEvent/**"})
public class SchemaGuardFilter implements Ordered {

    private final SchemaGuard guard;

    public SchemaGuardFilter(SchemaGuard guard) {
        this.guard = guard;
    }

    /** After authentication: an anonymous caller gets 401 as always, and learns nothing of the indices. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    /** On the blocking pool: looking at the mappings again (every 10 s) is a call to Elasticsearch. */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<Problem> refuseOverIncompatibleIndices(HttpRequest<?> request) {
        return guard.problem().map(problem -> (HttpResponse<Problem>) Problem.response(HttpStatus.SERVICE_UNAVAILABLE, problem))
                .orElse(null);
    }
}

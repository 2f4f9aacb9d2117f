package arr.query.api;

import arr.query.config.CursorConfig;
import arr.query.config.SearchLimits;
import arr.query.investigation.InvestigationService;
import arr.query.search.CursorCodec;
import arr.query.search.EventService;
import arr.query.search.PagedSearch;
import arr.query.selfaudit.SelfAuditor;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;

/** Wires the plain read services behind the controllers. */
@Factory
public class ServiceFactory {

    /** Made at start ({@code @Context}): a missing or unreadable {@code AUDIT_CURSOR_KEY} stops the start naming it. */
    @Context
    PagedSearch pagedSearch(ElasticsearchClient client, CursorConfig config) {
        return new PagedSearch(client, CursorCodec.fromKeyFile(config.keyFile()), config.keepAlive());
    }

    @Singleton
    EventService eventService(ElasticsearchClient client, PagedSearch paging, SelfAuditor audit, SearchLimits limits,
                              @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        return new EventService(client, paging, audit, limits.exportPageSize(), blocking);
    }

    @Singleton
    InvestigationService investigationService(ElasticsearchClient client, PagedSearch paging, SelfAuditor audit) {
        return new InvestigationService(client, paging, audit);
    }
}

package arr.query.selfaudit;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** Records the query API's start and stop in the repository (Application Activity, 110100). */
@Singleton
public class QueryApiLifecycle {

    private final SelfAuditor auditor;

    public QueryApiLifecycle(SelfAuditor auditor) {
        this.auditor = auditor;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        auditor.applicationActivity(true);
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        auditor.applicationActivity(false);
    }
}

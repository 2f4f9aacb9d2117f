package arr.query.api;

import arr.query.config.CursorConfig;
import arr.query.config.FhirConfig;
import arr.query.config.ReportMailConfig;
import arr.query.config.ReportsConfig;
import arr.query.config.SearchLimits;
import arr.query.config.SelfAuditConfig;
import arr.query.investigation.InvestigationService;
import arr.query.report.ReportMailer;
import arr.query.report.ReportRunner;
import arr.query.report.ReportSchedule;
import arr.query.report.ReportService;
import arr.query.report.ReportStore;
import arr.query.search.CursorCodec;
import arr.query.search.EventService;
import arr.query.search.PagedSearch;
import arr.query.selfaudit.SelfAuditor;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    arr.query.holds.LegalHoldService legalHolds(ElasticsearchClient client, SelfAuditor audit, Clock clock) {
        return new arr.query.holds.LegalHoldService(new arr.query.holds.LegalHoldStore(client), audit, clock);
    }

    @Singleton
    arr.query.holds.RetentionStatusStore retentionStatus(ElasticsearchClient client) {
        return new arr.query.holds.RetentionStatusStore(client);
    }

    @Singleton
    ReportStore reportStore(ElasticsearchClient client) {
        return new ReportStore(client);
    }

    /**
     * Report runs take one thread: a run reads up to AUDIT_REPORT_MAX_ROWS events, and two at once would take
     * Elasticsearch from the investigations. A bounded number wait; more are refused with a 503. At a stop, the ones
     * still waiting are marked failed.
     */
    @Singleton
    @Bean(preDestroy = "close")
    ReportService reportService(ReportStore store, PagedSearch paging, SelfAuditor audit, ReportsConfig config,
                                ReportMailConfig mail, FhirConfig links, SelfAuditConfig selfAudit, SearchLimits limits,
                                @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock, MeterRegistry metrics) {
        ThreadPoolExecutor runs = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(config.queue()),
                runnable -> {
                    Thread thread = new Thread(runnable, "report-runs");
                    thread.setDaemon(true);
                    return thread;
                });
        ReportRunner runner = new ReportRunner(store, paging, audit, new ReportRunner.Limits(config.maxRows(),
                config.pdfRows(), limits.exportPageSize(), config.maxRunTime()), blocking, clock, metrics);
        metrics.gauge("arr.report.runs.waiting", runs, executor -> executor.getQueue().size());
        ReportMailer.of(mail, links.baseUrl(), metrics).ifPresent(runner::listen);
        return new ReportService(store, runner, audit, runs, config.maxRunTime(), selfAudit.timeout().plusMinutes(1),
                limits.maxPatients(), ReportSchedule.zone(config.zone()), clock);
    }
}

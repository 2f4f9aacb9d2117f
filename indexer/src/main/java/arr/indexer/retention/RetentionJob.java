package arr.indexer.retention;

import arr.schemas.selfaudit.OwnEventPublisher;
import arr.indexer.checkpoint.Checkpoint;
import arr.indexer.checkpoint.CheckpointStore;
import arr.indexer.checkpoint.CheckpointWriter;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link RetentionPolicy}: whole monthly indices only, never one holding an event under a legal hold.
 * Each deletion is first recorded as a DICOM Security Alert in {@code audit.events} (acknowledged by Kafka), then as
 * a signed purge record in {@code audit-checkpoints} (so {@code verify} reports the month as purged, not tampered
 * with), and only then is the index deleted.
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");

    /** What the policy decided for one index. */
    public record Decision(String index, Action action, long documents) {
    }

    public enum Action { DELETED, HELD, KEPT }

    private final ElasticsearchClient client;
    private final RetentionPolicy policy;
    private final OwnEventPublisher events;
    private final CheckpointWriter signer;
    private final CheckpointStore store;
    private final MeterRegistry metrics;
    private final String hostname;
    private final String processId;

    public RetentionJob(ElasticsearchClient client, RetentionPolicy policy, OwnEventPublisher events, CheckpointWriter signer,
                        CheckpointStore store, MeterRegistry metrics, String hostname, String processId) {
        this.client = client;
        this.policy = policy;
        this.events = events;
        this.signer = signer;
        this.store = store;
        this.metrics = metrics;
        this.hostname = hostname;
        this.processId = processId;
    }

    /** Runs the policy once; a failure leaves everything in place and is tried again next time. */
    public void run(Clock clock) {
        try {
            apply(clock.instant()).stream().filter(d -> d.action() != Action.KEPT)
                    .forEach(d -> LOG.info("retention: {} {} ({} documents)", d.index(), d.action(), d.documents()));
        } catch (IOException | RuntimeException e) {
            LOG.error("retention run failed; nothing more is deleted until the next run: {}", e.toString());
        }
    }

    public List<Decision> apply(Instant now) throws IOException {
        Optional<Period> max = policy.max();
        List<Decision> decisions = new ArrayList<>();
        for (String index : new TreeSet<>(client.indices().get(g -> g.index("audit-events-*", "audit-quarantine-*")
                .ignoreUnavailable(true).allowNoIndices(true)).indices().keySet())) {
            Optional<Instant> end = monthEnd(index);
            if (max.isEmpty() || end.isEmpty() || end.get().atZone(ZoneOffset.UTC).plus(max.get()).toInstant().isAfter(now)
                    || end.get().atZone(ZoneOffset.UTC).plus(policy.min()).toInstant().isAfter(now)) {
                decisions.add(new Decision(index, Action.KEPT, -1));
                continue;
            }
            long documents = client.count(c -> c.index(index)).count();
            long held = holds().isEmpty() ? 0 : client.count(c -> c.index(index).query(q -> q.bool(b -> b.should(holds())
                    .minimumShouldMatch("1")))).count();
            if (held > 0) {
                LOG.warn("retention: {} is past max-age {} but holds {} events under a legal hold; kept", index, policy.maxAge(), held);
                metrics.counter("arr.indexer.retention.held").increment();
                decisions.add(new Decision(index, Action.HELD, documents));
                continue;
            }
            purge(index, documents, now);
            decisions.add(new Decision(index, Action.DELETED, documents));
        }
        return decisions;
    }

    private void purge(String index, long documents, Instant now) throws IOException {
        String reason = "retention policy: max-age " + policy.maxAge() + ", min-age " + policy.minAge();
        events.publish(PurgeAlert.message(hostname, processId, index, documents, reason));
        Checkpoint record = signer.sign(Checkpoint.purge(index, documents, reason, now));
        if (store.write(List.of(record)).isEmpty()) {
            throw new IOException("the purge record of " + index + " was not stored; the index is kept");
        }
        client.indices().delete(d -> d.index(index));
        metrics.counter("arr.indexer.retention.purged").increment();
        LOG.warn("retention: deleted {} ({} documents; {})", index, documents, reason);
    }

    private List<Query> holds() {
        List<Query> holds = new ArrayList<>();
        List<FieldValue> patients = policy.holdPatients().stream().map(FieldValue::of).toList();
        List<FieldValue> sources = policy.holdSources().stream().map(FieldValue::of).toList();
        if (!patients.isEmpty()) {
            holds.add(Query.of(q -> q.terms(t -> t.field("patients.id").terms(v -> v.value(patients)))));
            holds.add(Query.of(q -> q.terms(t -> t.field("patients.cx").terms(v -> v.value(patients)))));
        }
        if (!sources.isEmpty()) {
            holds.add(Query.of(q -> q.terms(t -> t.field("sourceKey").terms(v -> v.value(sources)))));
            holds.add(Query.of(q -> q.terms(t -> t.field("sources.id").terms(v -> v.value(sources)))));
        }
        return holds;
    }

    /** The first instant after the index's month, or empty for a name without a month. */
    static Optional<Instant> monthEnd(String index) {
        try {
            YearMonth month = YearMonth.parse(index.substring(index.lastIndexOf('-') + 1), MONTH);
            return Optional.of(ZonedDateTime.of(month.plusMonths(1).atDay(1).atStartOfDay(), ZoneOffset.UTC).toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

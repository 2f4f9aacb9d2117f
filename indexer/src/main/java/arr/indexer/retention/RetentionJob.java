package arr.indexer.retention;

import arr.schemas.selfaudit.OwnEventPublisher;
import arr.indexer.checkpoint.Checkpoint;
import arr.indexer.checkpoint.CheckpointStore;
import arr.indexer.checkpoint.CheckpointWriter;
import arr.indexer.deadletter.DeadLetterPruning;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.micrometer.core.instrument.MeterRegistry;
import arr.schemas.index.RetentionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
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
    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");

    /** What the policy decided for one index. */
    public record Decision(String index, Action action, long documents) {
    }

    public enum Action { DELETED, HELD, KEPT, WAITING }

    /**
     * How long after a month's deadline a message received then may still sort before one received earlier in its
     * partition (collectors' clocks differ): the indexer must be past this, or fully caught up, before the month goes.
     */
    static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private final ElasticsearchClient client;
    private final RetentionPolicy policy;
    private final OwnEventPublisher events;
    private final CheckpointWriter signer;
    private final CheckpointStore store;
    private final MeterRegistry metrics;
    private final IndexingProgress progress;
    private final DeadLetterPruning deadLetters;
    private final Predicate<Checkpoint> genuine;
    private final String hostname;
    private final String processId;
    private final PlacedLegalHolds placed;

    public RetentionJob(ElasticsearchClient client, RetentionPolicy policy, OwnEventPublisher events, CheckpointWriter signer,
                        CheckpointStore store, MeterRegistry metrics, IndexingProgress progress, DeadLetterPruning deadLetters,
                        Predicate<Checkpoint> genuine, String hostname, String processId, PlacedLegalHolds placed) {
        this.placed = placed;
        this.client = client;
        this.policy = policy;
        this.events = events;
        this.signer = signer;
        this.store = store;
        this.metrics = metrics;
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.genuine = genuine;
        this.hostname = hostname;
        this.processId = processId;
    }

    /** The same job, waiting for another measure of the indexer's progress. */
    public RetentionJob withProgress(IndexingProgress other) {
        return new RetentionJob(client, policy, events, signer, store, metrics, other, deadLetters, genuine, hostname, processId,
                placed);
    }

    /**
     * Runs the policy once; a failure leaves everything in place and is tried again next time. What it decided is
     * stored for the query API to show ({@link RetentionStatus}).
     */
    public void run(Clock clock) {
        Instant now = clock.instant();
        // Filled as the run goes: a run that fails halfway still shows what it did before (a month it deleted).
        List<Decision> decisions = new ArrayList<>();
        String outcome = "ok";
        try {
            apply(now, decisions);
            decisions.stream().filter(d -> d.action() != Action.KEPT)
                    .forEach(d -> LOG.info("retention: {} {} ({} documents)", d.index(), d.action(), d.documents()));
        } catch (IOException | RuntimeException e) {
            outcome = "failed: " + e.getMessage();
            LOG.error("retention run failed; nothing more is deleted until the next run: {}", e.toString());
        }
        storeStatus(now, outcome, decisions);
    }

    private void storeStatus(Instant runAt, String outcome, List<Decision> decisions) {
        RetentionStatus status = new RetentionStatus(runAt.toString(), outcome, policy.minAge().strip(),
                policy.max().isPresent() ? policy.maxAge().strip() : null, policy.interval().toString(), policy.holdPatients(),
                policy.holdSources(), decisions.stream().map(d -> new RetentionStatus.Month(d.index(), d.action().name(),
                        d.documents())).toList());
        try {
            client.index(i -> i.index(RetentionStatus.INDEX).id(RetentionStatus.ID).document(status));
        } catch (IOException | RuntimeException e) {
            LOG.warn("retention: the run's status could not be stored for the query API: {}", e.toString());
        }
    }

    public List<Decision> apply(Instant now) throws IOException {
        List<Decision> decisions = new ArrayList<>();
        apply(now, decisions);
        return decisions;
    }

    /** Applies the policy, adding each month's decision to {@code decisions} as it is made. */
    private void apply(Instant now, List<Decision> decisions) throws IOException {
        try {
            decide(now, decisions);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void decide(Instant now, List<Decision> decisions) throws IOException {
        Optional<Period> max = policy.max();
        Map<Instant, Boolean> caughtUp = new HashMap<>();
        for (String index : new TreeSet<>(client.indices().get(g -> g.index("audit-events-*", "audit-quarantine-*")
                .ignoreUnavailable(true).allowNoIndices(true)).indices().keySet())) {
            Optional<Instant> end = monthEnd(index);
            if (max.isEmpty() || end.isEmpty() || !due(end.get(), now, max.get(), policy.min())) {
                decisions.add(new Decision(index, Action.KEPT, -1));
                continue;
            }
            // A message received before the deadline is filed in its own month, and may still be in Kafka behind a
            // lagging or stopped indexer: counted now it would be missed by the holds, and indexed after the purge it
            // would re-create the month as a new chain against the deleted one's checkpoints.
            Instant deadline = end.get().atZone(ZoneOffset.UTC).plus(max.get()).toInstant();
            Instant through = deadline.plus(CLOCK_SKEW).isBefore(now) ? deadline.plus(CLOCK_SKEW) : now;
            if (!caughtUp.computeIfAbsent(through, this::indexedBefore)) {
                LOG.warn("retention: {} is past max-age {} but the indexer has not yet indexed every message received before {}; "
                        + "it is deleted once it has", index, policy.maxAge(), through);
                metrics.counter("arr.indexer.retention.waiting").increment();
                decisions.add(new Decision(index, Action.WAITING, -1));
                continue;
            }
            long documents;
            long held;
            try {
                // The holds placed through the API, read again for each month: one placed during a run counts for
                // every month judged after it.
                LegalHolds holds = LegalHolds.of(policy, placed.active());
                // Counted only after a refresh (an event the indexer has committed can still be unsearchable for up to a
                // refresh interval), and only from every shard: a held event missed by either would be deleted with its
                // month. A count Elasticsearch cannot make whole keeps the month until the next run.
                var refreshed = client.indices().refresh(r -> r.index(index));
                if (refreshed.shards().successful().intValue() < refreshed.shards().total().intValue()) {
                    throw new IOException("the refresh reached " + refreshed.shards().successful() + " of "
                            + refreshed.shards().total() + " shard copies");
                }
                documents = wholeCount(index, Query.of(q -> q.matchAll(m -> m)));
                held = holds.isEmpty() ? 0 : wholeCount(index, Query.of(q -> q.bool(b -> b.should(holds.clauses())
                        .minimumShouldMatch("1"))));
            } catch (IOException | ElasticsearchException e) {
                LOG.error("retention: {} is past max-age {} but its events under a legal hold cannot be counted ({}); kept until "
                        + "the next run", index, policy.maxAge(), e.getMessage());
                metrics.counter("arr.indexer.retention.waiting").increment();
                decisions.add(new Decision(index, Action.WAITING, -1));
                continue;
            }
            if (held > 0) {
                LOG.warn("retention: {} is past max-age {} but holds {} events under a legal hold; kept", index, policy.maxAge(), held);
                metrics.counter("arr.indexer.retention.held").increment();
                decisions.add(new Decision(index, Action.HELD, documents));
                continue;
            }
            purge(index, documents, now);
            decisions.add(new Decision(index, Action.DELETED, documents));
        }
        if (max.isPresent()) {
            pruneDeadLetters(now, max.get());
        }
    }

    /** How many documents of the index match, from every shard (a search that fails rather than answer in part). */
    private long wholeCount(String index, Query query) throws IOException {
        var response = client.search(s -> s.index(index).size(0).trackTotalHits(t -> t.enabled(true))
                .allowPartialSearchResults(false).query(query), Void.class);
        if (response.shards().successful().intValue() < response.shards().total().intValue()) {
            throw new IOException("the count reached " + response.shards().successful() + " of " + response.shards().total()
                    + " shards");
        }
        return response.hits().total().value();
    }

    /**
     * Deletes the dead letters of months that are gone: those of an index with a genuine purge record that no longer
     * exists, and the undecodable ones (no index) by their receipt month, like a month of their own.
     */
    private void pruneDeadLetters(Instant now, Period max) {
        try {
            pruneDeadLettersOnce(now, max);
        } catch (IOException | RuntimeException e) {
            // The months themselves are deleted; what is left is tried again at the next run.
            metrics.counter("arr.indexer.retention.deadletters.failures").increment();
            LOG.error("retention: the dead letters of deleted months could not be deleted ({}); tried again at the next run",
                    e.toString());
        }
    }

    private void pruneDeadLettersOnce(Instant now, Period max) throws IOException {
        Set<String> existing = new TreeSet<>(client.indices().get(g -> g.index("audit-events-*", "audit-quarantine-*")
                .ignoreUnavailable(true).allowNoIndices(true)).indices().keySet());
        Set<String> purged = new HashSet<>();
        for (Checkpoint purge : store.purges()) {
            if (genuine.test(purge)) {
                purged.add(purge.index());
            }
        }
        var pruned = deadLetters.prune(new DeadLetterRetention(purged, existing, now, max, policy.min(),
                LegalHolds.of(policy, placed.active()))::gone);
        if (!pruned.isEmpty()) {
            metrics.counter("arr.indexer.retention.deadletters.pruned").increment(pruned.size());
            LOG.warn("retention: deleted the dead letters of deleted months (partition=first offset kept: {})", pruned);
        }
    }

    private boolean indexedBefore(Instant time) {
        try {
            return progress.indexedAllReceivedBefore(time);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Whether a month ending at {@code end} is past both ages at {@code now}. */
    static boolean due(Instant end, Instant now, Period max, Period min) {
        ZonedDateTime utc = end.atZone(ZoneOffset.UTC);
        return !utc.plus(max).toInstant().isAfter(now) && !utc.plus(min).toInstant().isAfter(now);
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

package arr.indexer.bulk;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.BackoffPolicy;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes documents with {@code op_type=create} and the envelope ID as {@code _id} through the official
 * BulkIngester: a replay gets 409 and counts as done, nothing stored is ever overwritten. Only the bulk
 * listener decides an item's fate: done (indexed or duplicate), retried with capped exponential backoff
 * (429, 5xx, or the whole request failing), or handed to {@code onPermanent} (dead letter).
 */
public final class AuditBulkWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditBulkWriter.class);
    private static final long MAX_BACKOFF_MS = 30_000;
    /** The error type a second copy of an already indexed envelope is dead-lettered with (its chain position stays empty). */
    public static final String DUPLICATE_ENVELOPE = "duplicate_envelope";

    /** What happens to an item once its outcome is final. */
    public interface Outcomes {
        void done(PreparedDocument document, ItemOutcome outcome);

        void permanent(PreparedDocument document, String errorType, String reason);

        void retried(RecordRef ref, int status);

        /** A refused document whose dead-letter write failed and will be tried again. */
        default void deadLetterRetried(RecordRef ref) {
        }

        /** A retry dropped because its partition was revoked meanwhile: its next owner redoes the record. */
        default void retryDropped(RecordRef ref) {
        }
    }

    /** Per partition, how often it was revoked: items fetched in an earlier ownership are no longer retried. */
    private final java.util.concurrent.ConcurrentHashMap<TopicPartition, Integer> epochs = new java.util.concurrent.ConcurrentHashMap<>();

    private final BulkIngester<PreparedDocument> ingester;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bulk-retry");
        t.setDaemon(true);
        return t;
    });
    private final Outcomes outcomes;
    private final ElasticsearchClient client;

    public AuditBulkWriter(ElasticsearchClient client, int maxDocuments, long maxBytes, Duration flushInterval, Outcomes outcomes) {
        this.client = client;
        this.outcomes = outcomes;
        this.ingester = BulkIngester.of(b -> b.client(client)
                .maxOperations(maxDocuments)
                .maxSize(maxBytes)
                .maxConcurrentRequests(2)
                // The ingester's own 429 retries give up after a few attempts and are invisible to the metrics;
                // every retry goes through retryLater instead (unbounded, jittered, counted by status).
                .backoffPolicy(BackoffPolicy.noBackoff())
                .flushInterval(flushInterval.toMillis(), TimeUnit.MILLISECONDS)
                .listener(new Listener()));
    }

    public void add(PreparedDocument document) {
        PreparedDocument stamped = document.inEpoch(epochs.getOrDefault(document.ref().partition(), 0));
        ingester.add(operation(stamped), stamped);
    }

    /**
     * The partitions were revoked or lost: their open records are redone by the next owner (this consumer too, when it
     * gets them back, from the committed offset), so the retries still scheduled for them are dropped when they come
     * due instead of piling up with every rebalance while Elasticsearch refuses. Requests already in flight finish.
     */
    public void forget(java.util.Collection<TopicPartition> partitions) {
        partitions.forEach(p -> epochs.merge(p, 1, Integer::sum));
    }

    private boolean stale(PreparedDocument item) {
        return item.ref().epoch() != epochs.getOrDefault(item.ref().partition(), 0);
    }

    public void flush() {
        ingester.flush();
    }

    @Override
    public void close() {
        ingester.close();
        retries.shutdown();
    }

    private static BulkOperation operation(PreparedDocument document) {
        BinaryData source = BinaryData.of(document.source(), ContentType.APPLICATION_JSON);
        return BulkOperation.of(op -> op.create(c -> c.index(document.index()).id(document.ref().id()).document(source)));
    }

    private void retryLater(PreparedDocument item, int status) {
        outcomes.retried(item.ref(), status);
        long backoff = Math.min(MAX_BACKOFF_MS, 200L << Math.min(item.ref().attempt(), 8));
        long jittered = backoff / 2 + (long) (Math.random() * backoff / 2);
        PreparedDocument again = item.retry();
        retries.schedule(() -> {
            if (stale(again)) {
                outcomes.retryDropped(again.ref());
                return;
            }
            ingester.add(operation(again), again);
        }, jittered, TimeUnit.MILLISECONDS);
    }

    /**
     * Hands a refused document to the dead-letter topic. When that write fails (Kafka unreachable, the topic gone),
     * it is tried again with the same capped backoff as Elasticsearch retries, for as long as it takes: until then
     * the record stays pending, so its offset is never committed and nothing is lost. An exception here used to
     * escape into the ingester's listener thread, which drops it: the rest of the bulk's items were never settled
     * and the indexer stalled with its health still UP.
     */
    void deadLetter(PreparedDocument item, String errorType, String reason, int attempt) {
        // Stale whether it is a retry or the answer of a request sent before the partition was revoked: the next owner
        // meets the same refusal and dead-letters the record itself (once, not twice).
        if (stale(item)) {
            outcomes.retryDropped(item.ref());
            return;
        }
        try {
            outcomes.permanent(item, errorType, reason);
        } catch (RuntimeException e) {
            long backoff = Math.min(MAX_BACKOFF_MS, 200L << Math.min(attempt, 8));
            LOG.error("cannot dead-letter document {} ({}-{}@{}): {}; trying again in {} ms", item.ref().id(),
                    item.ref().partition().topic(), item.ref().partition().partition(), item.ref().offset(), e.toString(), backoff);
            outcomes.deadLetterRetried(item.ref());
            try {
                retries.schedule(() -> deadLetter(item, errorType, reason, attempt + 1), backoff, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // Closing: the record stays uncommitted, and the next owner of its partition refuses it again.
                LOG.warn("closing: document {} is left for the next owner of its partition", item.ref().id());
            }
        }
    }

    /**
     * A 409 means the envelope's document exists. When it holds this record's chain link, this is a replay (after a
     * crash or rebalance) and all is done. Otherwise it is a second copy of the envelope (a publisher retrying after
     * an unclear failure): its link takes a chain position no document will fill, so it is dead-lettered, which is
     * what explains that position to {@code verify}. One multi-get per bulk answers the question for all of them.
     */
    private void settleDuplicates(List<PreparedDocument> duplicates) {
        MgetResponse<JsonNode> stored;
        try {
            stored = client.mget(m -> {
                duplicates.forEach(d -> m.docs(doc -> doc.index(d.index()).id(d.ref().id()).source(src -> src.filter(f -> f.includes("chain")))));
                return m;
            }, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            duplicates.forEach(item -> retryLater(item, statusOf(e)));
            return;
        }
        for (int i = 0; i < duplicates.size(); i++) {
            PreparedDocument item = duplicates.get(i);
            var answer = stored.docs().get(i);
            JsonNode chain = answer.isResult() && answer.result().found() && answer.result().source() != null
                    ? answer.result().source().path("chain") : null;
            if (chain == null) {
                retryLater(item, -1);
            } else if (chain.path("partition").asInt(-1) == item.link().partition()
                    && chain.path("sequence").asLong(-1) == item.link().sequence()) {
                outcomes.done(item, ItemOutcome.DUPLICATE);
            } else if (!chain.isObject()) {
                // Planted, or stored before chains existed: not ours to replace; verify reports the stored one.
                deadLetter(item, DUPLICATE_ENVELOPE, "a document with envelope ID " + item.ref().id()
                        + " is already stored, without a chain link; this copy holds no document", 0);
            } else {
                deadLetter(item, DUPLICATE_ENVELOPE, "envelope " + item.ref().id() + " is already indexed at partition "
                        + chain.path("partition").asInt() + " sequence " + chain.path("sequence").asLong() + " (offset "
                        + chain.path("offset").asLong() + "); this copy holds no document", 0);
            }
        }
    }

    /** The HTTP status of a failed bulk request (429, 503...), or -1 when none came back (connection refused, timeout). */
    public static int statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResponseException response) {
                return response.getResponse().getStatusCode();
            }
            if (t instanceof TransportException transport) {
                return transport.statusCode();
            }
            if (t instanceof ElasticsearchException elasticsearch) {
                return elasticsearch.status();
            }
        }
        return -1;
    }

    private final class Listener implements BulkListener<PreparedDocument> {

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<PreparedDocument> contexts) {
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<PreparedDocument> contexts, BulkResponse response) {
            List<BulkResponseItem> items = response.items();
            List<PreparedDocument> duplicates = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem result = items.get(i);
                PreparedDocument item = contexts.get(i);
                ItemOutcome outcome = ItemOutcome.of(result.status());
                switch (outcome) {
                    case INDEXED -> outcomes.done(item, outcome);
                    case DUPLICATE -> duplicates.add(item);
                    case RETRYABLE -> retryLater(item, result.status());
                    case PERMANENT -> deadLetter(item,
                            result.error() == null ? "unknown" : result.error().type(),
                            result.error() == null ? "status " + result.status() : result.error().reason(), 0);
                }
            }
            if (!duplicates.isEmpty()) {
                settleDuplicates(duplicates);
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<PreparedDocument> contexts, Throwable failure) {
            LOG.warn("bulk request {} of {} documents failed ({}); retrying each with backoff", executionId, contexts.size(),
                    failure.toString());
            int status = statusOf(failure);
            contexts.forEach(item -> retryLater(item, status));
        }
    }

}

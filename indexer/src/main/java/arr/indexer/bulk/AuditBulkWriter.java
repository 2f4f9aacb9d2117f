package arr.indexer.bulk;

import arr.schemas.index.AuditDocument;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    /** What happens to an item once its outcome is final. */
    public interface Outcomes {
        void done(RecordRef ref, ItemOutcome outcome);

        void permanent(RecordRef ref, AuditDocument document, String index, String errorType, String reason);

        void retried(RecordRef ref, int status);
    }

    private final BulkIngester<Item> ingester;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bulk-retry");
        t.setDaemon(true);
        return t;
    });
    private final Outcomes outcomes;

    /** A bulk item: its source and what it writes (kept to resend or dead-letter it). */
    record Item(RecordRef ref, String index, AuditDocument document) {
    }

    public AuditBulkWriter(ElasticsearchClient client, int maxDocuments, long maxBytes, Duration flushInterval, Outcomes outcomes) {
        this.outcomes = outcomes;
        this.ingester = BulkIngester.of(b -> b.client(client)
                .maxOperations(maxDocuments)
                .maxSize(maxBytes)
                .maxConcurrentRequests(2)
                .flushInterval(flushInterval.toMillis(), TimeUnit.MILLISECONDS)
                .listener(new Listener()));
    }

    public void add(RecordRef ref, String index, AuditDocument document) {
        Item item = new Item(ref, index, document);
        ingester.add(operation(item), item);
    }

    public void flush() {
        ingester.flush();
    }

    @Override
    public void close() {
        ingester.close();
        retries.shutdown();
    }

    private static BulkOperation operation(Item item) {
        return BulkOperation.of(op -> op.create(c -> c.index(item.index()).id(item.ref().id()).document(item.document())));
    }

    private void retryLater(Item item, int status) {
        outcomes.retried(item.ref(), status);
        long backoff = Math.min(MAX_BACKOFF_MS, 200L << Math.min(item.ref().attempt(), 8));
        long jittered = backoff / 2 + (long) (Math.random() * backoff / 2);
        Item again = new Item(item.ref().retry(), item.index(), item.document());
        retries.schedule(() -> ingester.add(operation(again), again), jittered, TimeUnit.MILLISECONDS);
    }

    private final class Listener implements BulkListener<Item> {

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<Item> contexts) {
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Item> contexts, BulkResponse response) {
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem result = items.get(i);
                Item item = contexts.get(i);
                ItemOutcome outcome = ItemOutcome.of(result.status());
                switch (outcome) {
                    case INDEXED, DUPLICATE -> outcomes.done(item.ref(), outcome);
                    case RETRYABLE -> retryLater(item, result.status());
                    case PERMANENT -> outcomes.permanent(item.ref(), item.document(), item.index(),
                            result.error() == null ? "unknown" : result.error().type(),
                            result.error() == null ? "status " + result.status() : result.error().reason());
                }
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Item> contexts, Throwable failure) {
            LOG.warn("bulk request {} of {} documents failed ({}); retrying each with backoff", executionId, contexts.size(),
                    failure.toString());
            contexts.forEach(item -> retryLater(item, -1));
        }
    }

}

package arr.indexer.consume;

import arr.indexer.bulk.AuditBulkWriter;
import arr.indexer.bulk.ItemOutcome;
import arr.indexer.bulk.RecordRef;
import arr.indexer.deadletter.DeadLetterPublisher;
import arr.indexer.transform.IndexNameResolver;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.index.AuditDocument;
import arr.schemas.index.AuditDocuments;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer's consumer thread: polls {@code audit.events}, hands each envelope to the bulk writer,
 * commits only the contiguous prefix of each partition that Elasticsearch (or the dead-letter topic)
 * acknowledged, and pauses consumption while too many records wait for Elasticsearch. Stopped with
 * {@link #shutdown()} ({@code wakeup()}).
 */
public final class AuditConsumerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditConsumerLoop.class);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final AuditBulkWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final IndexNameResolver indexNames;
    private final OffsetLedger ledger;
    private final MeterRegistry metrics;
    private final int maxPending;
    private volatile boolean running = true;
    private boolean paused;

    public AuditConsumerLoop(Consumer<String, byte[]> consumer, String topic, AuditBulkWriter writer,
                             DeadLetterPublisher deadLetters, IndexNameResolver indexNames, OffsetLedger ledger,
                             MeterRegistry metrics, int maxPending) {
        this.consumer = consumer;
        this.topic = topic;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.indexNames = indexNames;
        this.ledger = ledger;
        this.metrics = metrics;
        this.maxPending = maxPending;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topic), new Rebalance());
        Instant nextCommit = Instant.now().plus(COMMIT_INTERVAL);
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
                applyBackpressure();
                if (Instant.now().isAfter(nextCommit)) {
                    commit();
                    nextCommit = Instant.now().plus(COMMIT_INTERVAL);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            writer.flush();
            awaitPending(Duration.ofSeconds(30));
            commit();
            consumer.close(Duration.ofSeconds(10));
        }
    }

    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        ledger.polled(partition, record.offset());
        AuditEnvelope envelope;
        try {
            envelope = EnvelopeCodec.decode(record.value());
        } catch (EnvelopeCodec.UnsupportedEnvelopeException e) {
            LOG.error("record {}-{}@{} is not a readable envelope ({}); sent to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            deadLetters.publish(new DeadLetterPublisher.FailureRecord("decode", "unsupported-envelope", e.getMessage(),
                    record.key(), record.topic(), record.partition(), record.offset(), Instant.now(), record.value()));
            metrics.counter("arr.indexer.deadletters", "stage", "decode").increment();
            ledger.done(partition, record.offset());
            return;
        }
        if (envelope.event() != null && !indexNames.eventTimePlausible(envelope)) {
            envelope = IndexNameResolver.flagImplausibleTime(envelope);
        }
        AuditDocument document = AuditDocuments.of(envelope, null);
        writer.add(new RecordRef(partition, record.offset(), envelope.id().toString(), 0), indexNames.indexFor(envelope), document);
    }

    /** Called by the bulk listener once an item is final. */
    public void onDone(RecordRef ref, ItemOutcome outcome) {
        metrics.counter("arr.indexer.documents", "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
        ledger.done(ref.partition(), ref.offset());
    }

    private void applyBackpressure() {
        Set<TopicPartition> assignment = consumer.assignment();
        if (!paused && ledger.pendingCount() > maxPending) {
            consumer.pause(assignment);
            paused = true;
            LOG.info("pausing consumption: {} records wait for Elasticsearch (arr.indexer.max-pending-records)", ledger.pendingCount());
        } else if (paused && ledger.pendingCount() < maxPending / 2) {
            consumer.resume(assignment);
            paused = false;
            LOG.info("resuming consumption");
        }
    }

    private void commit() {
        var offsets = ledger.committable();
        offsets.keySet().retainAll(consumer.assignment());
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private void awaitPending(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (ledger.pendingCount() > 0 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Finish what was handed to Elasticsearch for these partitions and commit it before they move.
            writer.flush();
            awaitPending(Duration.ofSeconds(30));
            commit();
            ledger.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("assigned {}", partitions);
        }
    }
}

package arr.indexer.consume;

import arr.indexer.bootstrap.PartialIndexMarker;
import arr.indexer.Backoff;
import arr.indexer.bulk.AuditBulkWriter;
import arr.indexer.bulk.ItemOutcome;
import arr.indexer.bulk.PreparedDocument;
import arr.indexer.bulk.RecordRef;
import arr.indexer.chain.ChainTracker;
import arr.indexer.checkpoint.CheckpointWriter;
import arr.indexer.checkpoint.UnsignedStretch;
import arr.indexer.deadletter.DeadLetterPublisher;
import arr.indexer.transform.IndexableRecord;
import arr.schemas.chain.ChainedDocuments;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.index.ChainLink;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer's consumer thread: polls {@code audit.events}, turns each record into its chained document,
 * hands it to the bulk writer, commits only the contiguous prefix of each partition that Elasticsearch (or the
 * dead-letter topic) acknowledged, checkpoints the chain heads that commit made final, and pauses consumption
 * while too many records wait for Elasticsearch. Stopped with {@link #shutdown()}, which the loop notices within one
 * poll.
 */
public final class AuditConsumerLoop implements Runnable, AuditBulkWriter.Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(AuditConsumerLoop.class);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** Well below the poll interval: a loop blocked in a commit neither polls nor notices a stop. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    /** What the loop works with besides its consumer. */
    public record Collaborators(AuditBulkWriter writer, DeadLetterPublisher deadLetters, ChainTracker chains,
                                CheckpointWriter checkpoints, UnsignedStretch unsigned, OffsetLedger ledger, MeterRegistry metrics,
                                PartialIndexMarker partialIndices) {
    }

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Collaborators with;
    private final int maxPending;
    private final Duration checkpointInterval;
    private final Runnable onAssignment;
    private volatile boolean running = true;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private boolean paused;

    public AuditConsumerLoop(Consumer<String, byte[]> consumer, String topic, Collaborators with, int maxPending,
                             Duration checkpointInterval, Runnable onAssignment) {
        this.consumer = consumer;
        this.topic = topic;
        this.with = with;
        this.maxPending = maxPending;
        this.checkpointInterval = checkpointInterval;
        this.onAssignment = onAssignment;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topic), new Rebalance());
        Instant nextCommit = Instant.now().plus(COMMIT_INTERVAL);
        Instant nextCheckpoint = Instant.now().plus(checkpointInterval);
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
                applyBackpressure();
                if (Instant.now().isAfter(nextCommit)) {
                    Map<Integer, Long> committed = commit();
                    nextCommit = Instant.now().plus(COMMIT_INTERVAL);
                    if (Instant.now().isAfter(nextCheckpoint)) {
                        with.checkpoints().checkpoint(with.chains(), committed);
                        nextCheckpoint = Instant.now().plus(checkpointInterval);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("the consumer thread stopped: {}; the indexer reports itself down", e.toString(), e);
            throw e;
        } finally {
            stopping = true;
            try {
                finishOwned();
            } finally {
                // Closing sends the group a LeaveGroup, so a successor is assigned these partitions at once instead
                // of after the session timeout (45 s). Its revocation callback does not finish the partitions again
                // (see Rebalance).
                consumer.close(Duration.ofSeconds(10));
            }
        }
    }

    /** Why the consumer thread stopped on its own, if it did. */
    public java.util.Optional<Throwable> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /**
     * Stops the loop after its current poll (200 ms at most) and batch. No {@code wakeup()}: one that lands after
     * the loop's last poll stays pending, and the final commit throws it instead of committing (and before
     * {@code close()} had a {@code finally} of its own, the consumer was not even closed: it stayed in its group
     * for its whole poll interval, five minutes).
     */
    public void shutdown() {
        running = false;
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        with.ledger().polled(partition, record.offset());
        IndexableRecord indexable;
        try {
            indexable = IndexableRecord.of(record);
        } catch (EnvelopeCodec.UnsupportedEnvelopeException e) {
            LOG.error("record {}-{}@{} is not a readable envelope ({}); sent to the dead-letter topic",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            with.deadLetters().publish(new DeadLetterPublisher.FailureRecord("decode", "unsupported-envelope", e.getMessage(),
                    null, record.topic(), record.partition(), record.offset(), Instant.now(), null, null, record.key(),
                    Instant.ofEpochMilli(record.timestamp()), record.value()));
            with.metrics().counter("arr.indexer.deadletters", "stage", "decode").increment();
            with.metrics().counter("arr.indexer.documents", "outcome", "deadlettered").increment();
            with.ledger().done(partition, record.offset());
            return;
        }
        if (!indexable.quarantine()) {
            with.partialIndices().documentOfSchema(indexable.index(), indexable.schema());
        }
        ChainLink link = with.chains().next(indexable.index(), record.partition(), record.offset(), indexable.rawDigest(),
                indexable.document());
        with.writer().add(new PreparedDocument(new RecordRef(partition, record.offset(), indexable.id(), 0), indexable.index(),
                ChainedDocuments.withLink(indexable.document(), link), link, indexable.sourceKey(), indexable.receivedAt(),
                indexable.quarantine()));
    }

    @Override
    public void done(PreparedDocument document, ItemOutcome outcome) {
        String name = outcome == ItemOutcome.INDEXED && document.quarantine() ? "quarantined" : outcome.name().toLowerCase(Locale.ROOT);
        with.metrics().counter("arr.indexer.documents", "outcome", name).increment();
        with.chains().acknowledged(document.index(), document.link());
        with.ledger().done(document.ref().partition(), document.ref().offset());
    }

    @Override
    public void retryDropped(RecordRef ref) {
        with.metrics().counter("arr.indexer.retries.dropped").increment();
    }

    @Override
    public void permanent(PreparedDocument document, String errorType, String reason) {
        RecordRef ref = document.ref();
        boolean duplicate = AuditBulkWriter.DUPLICATE_ENVELOPE.equals(errorType);
        if (duplicate) {
            LOG.warn("record {}-{}@{} is a second copy of envelope {}: {}; its chain position is explained in the dead-letter topic",
                    ref.partition().topic(), ref.partition().partition(), ref.offset(), ref.id(), reason);
        } else {
            LOG.error("Elasticsearch refused document {} ({}-{}@{}) for index {}: {} {}; sent to the dead-letter topic", ref.id(),
                    ref.partition().topic(), ref.partition().partition(), ref.offset(), document.index(), errorType, reason);
        }
        String stage = duplicate ? "duplicate" : "index";
        with.deadLetters().publish(new DeadLetterPublisher.FailureRecord(stage, errorType, reason, ref.id(),
                ref.partition().topic(), ref.partition().partition(), ref.offset(), Instant.now(), document.index(),
                document.link(), document.sourceKey(), document.receivedAt(), document.source()));
        with.metrics().counter("arr.indexer.deadletters", "stage", stage).increment();
        with.metrics().counter("arr.indexer.documents", "outcome", duplicate ? "duplicate" : "deadlettered").increment();
        with.chains().acknowledged(document.index(), document.link());
        with.ledger().done(ref.partition(), ref.offset());
    }

    @Override
    public void retried(RecordRef ref, int status) {
        with.metrics().counter("arr.indexer.retries", "status", Integer.toString(status)).increment();
    }

    @Override
    public void deadLetterRetried(RecordRef ref) {
        with.metrics().counter("arr.indexer.retries", "status", "deadletter").increment();
    }

    private void applyBackpressure() {
        Set<TopicPartition> assignment = consumer.assignment();
        int pending = with.ledger().pendingCount();
        if (!paused && pending > maxPending) {
            consumer.pause(assignment);
            paused = true;
            LOG.info("pausing consumption: {} records wait for Elasticsearch (arr.indexer.max-pending-records)", pending);
        } else if (paused && pending < maxPending / 2) {
            consumer.resume(assignment);
            paused = false;
            LOG.info("resuming consumption");
        }
    }

    /**
     * Commits what is safe; returns the committed next offsets per partition, none when the commit failed. A commit
     * that Kafka cannot take now (a broker restarting, the group rebalancing, this member evicted after a long wait
     * for Elasticsearch) is not a reason to stop indexing: until 2026-11-28 any of them ended the consumer thread for
     * good, so one Kafka restart of over a minute left the indexer idle until someone restarted it. What was not
     * committed is committed at the next tick, or redone by the partition's next owner (its links are the same).
     */
    private Map<Integer, Long> commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = with.ledger().committable();
        offsets.keySet().retainAll(consumer.assignment());
        Map<Integer, Long> committed = new HashMap<>();
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets, COMMIT_TIMEOUT);
            } catch (RetriableException | RebalanceInProgressException | CommitFailedException e) {
                LOG.warn("cannot commit offsets {} now ({}); trying again at the next commit", offsets, e.toString());
                with.metrics().counter("arr.indexer.commit.failures", "reason", e.getClass().getSimpleName()).increment();
                return Map.of();
            }
            offsets.forEach((p, o) -> committed.put(p.partition(), o.offset()));
            with.chains().committed(committed);
        }
        return committed;
    }

    /** Finishes what was handed to Elasticsearch, commits it and checkpoints the heads it made final. */
    private void finishOwned() {
        with.writer().flush();
        awaitPending(Duration.ofSeconds(30));
        Map<Integer, Long> committed = commit();
        with.checkpoints().checkpoint(with.chains(), committed);
    }

    private void awaitPending(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (with.ledger().pendingCount() > 0 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        int pending = with.ledger().pendingCount();
        if (pending > 0) {
            LOG.warn("{} records still wait for Elasticsearch after {} s; only the offsets below them are committed, and the"
                    + " next owner of their partitions indexes them again", pending, limit.toSeconds());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Before the partitions move: everything handed out is finished, committed and checkpointed,
            // so the next owner continues each chain from a final head. When the loop is stopping, its own final
            // finishOwned ran just before close() called this: a second one would wait up to 30 s again for what
            // Elasticsearch has not acknowledged, doubling the stop past close's 10 s and the lifecycle's 60 s join.
            if (!stopping) {
                finishOwned();
            }
            with.ledger().forget(partitions);
            with.writer().forget(partitions);
            with.chains().forget(partitions.stream().map(TopicPartition::partition).toList());
            with.checkpoints().forget(partitions.stream().map(TopicPartition::partition).toList());
        }

        /**
         * The group already gave these partitions to another member (this one missed its poll deadline, say while
         * Elasticsearch was down): nothing may be committed for them any more; the new owner redoes what was open.
         */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("lost {} to another consumer; their open records will be redone there", partitions);
            with.ledger().forget(partitions);
            with.writer().forget(partitions);
            with.chains().forget(partitions.stream().map(TopicPartition::partition).toList());
            with.checkpoints().forget(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("assigned {}", partitions);
            if (!partitions.isEmpty()) {
                onAssignment.run();
                signUnsignedStretches(partitions);
            }
        }

        /**
         * A predecessor killed between a commit and its next checkpoint round left that stretch of the partition
         * unsigned, in every chain (months with late events included): its heads are recomputed from Kafka and signed
         * now, before this consumer records rounds for the partition. Waits out an unreachable Elasticsearch or
         * Kafka; when the stretch cannot be recomputed, this consumer's rounds vouch from its first offset on.
         */
        private void signUnsignedStretches(Collection<TopicPartition> partitions) {
            with.checkpoints().stretchPending(partitions.stream().map(TopicPartition::partition).toList());
            for (TopicPartition partition : partitions) {
                Backoff backoff = new Backoff(200, 10_000);
                long committed = 0;
                while (running) {
                    try {
                        OffsetAndMetadata next = consumer.committed(Set.of(partition)).get(partition);
                        committed = next == null ? 0 : next.offset();
                        // Even with nothing committed (a new group): the newest round says where rounds vouch from.
                        with.checkpoints().completeRound(partition.partition(), committed,
                                with.unsigned().heads(partition.partition(), committed));
                        break;
                    } catch (UnsignedStretch.CannotRecompute e) {
                        LOG.error("cannot sign what a previous owner of {} left unsigned: {}; that stretch stays without checkpoints, "
                                + "and checkpoint rounds vouch again from offset {} on", partition, e.getMessage(), committed);
                        with.checkpoints().restartVouching(partition.partition(), committed);
                        break;
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("cannot sign the unsigned chain heads of {} yet ({}); retrying in {} ms", partition, e.toString(),
                                backoff.delayMillis());
                        try {
                            backoff.pause();
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }
}

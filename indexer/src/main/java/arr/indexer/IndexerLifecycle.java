package arr.indexer;

import arr.indexer.bootstrap.IndexTemplateInstaller;
import arr.indexer.bulk.AuditBulkWriter;
import arr.indexer.bulk.ItemOutcome;
import arr.indexer.bulk.PreparedDocument;
import arr.indexer.bulk.RecordRef;
import arr.indexer.chain.ChainTracker;
import arr.indexer.chain.ElasticsearchHeadLookup;
import arr.indexer.checkpoint.AnchorCatchUp;
import arr.indexer.checkpoint.AnchorTopic;
import arr.indexer.checkpoint.Anchors;
import arr.indexer.checkpoint.CheckpointKeys;
import arr.indexer.checkpoint.CheckpointStore;
import arr.indexer.checkpoint.CheckpointWriter;
import arr.indexer.checkpoint.KafkaCheckpointAnchors;
import arr.indexer.checkpoint.UnsignedStretch;
import arr.indexer.config.IndexerConfig;
import arr.indexer.consume.AuditConsumerLoop;
import arr.indexer.consume.OffsetLedger;
import arr.indexer.deadletter.DeadLetterLedger;
import arr.indexer.deadletter.DeadLetterPruning;
import arr.indexer.deadletter.DeadLetterPublisher;
import arr.indexer.deadletter.DeadLetterTopic;
import arr.indexer.reconcile.Reconciler;
import arr.indexer.reconcile.ReconciliationReporter;
import arr.indexer.reconcile.SkippedValue;
import arr.schemas.selfaudit.OwnEventPublisher;
import arr.indexer.retention.ConsumerGroupProgress;
import arr.indexer.retention.RetentionJob;
import arr.indexer.retention.RetentionPolicy;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.validation.AuditMessageValidator;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Wires and runs the consumer loop: templates first, then one consumer thread; stops it cleanly on shutdown. */
@Singleton
public class IndexerLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(IndexerLifecycle.class);

    /** Bytes per fetch response: under half of a G1 region (1 MiB at the 512 MB heap), see {@link #consumerProperties()}. */
    static final int FETCH_MAX_BYTES = 448 * 1024;

    private final IndexerConfig config;
    private final ElasticsearchClient elasticsearch;
    private final MeterRegistry metrics;
    private AuditConsumerLoop loop;
    private AuditBulkWriter writer;
    private DeadLetterPublisher deadLetters;
    private KafkaCheckpointAnchors anchors;
    private Thread thread;
    private KafkaClientMetrics kafkaMetrics;
    private OwnEventPublisher ownEvents;
    private RetentionJob retention;
    private ReconciliationReporter reconciliation;
    private final RetentionPolicy retentionPolicy;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retention");
        t.setDaemon(true);
        return t;
    });

    public IndexerLifecycle(IndexerConfig config, RetentionPolicy retentionPolicy, ElasticsearchClient elasticsearch,
                            MeterRegistry metrics) {
        this.config = config;
        this.retentionPolicy = retentionPolicy;
        this.elasticsearch = elasticsearch;
        this.metrics = metrics;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        PrivateKey signingKey = CheckpointKeys.privateKey(config.requireKey(config.checkpointKey(),
                "arr.indexer.checkpoint-key", "AUDIT_CHECKPOINT_KEY"));
        PublicKey publicKey = CheckpointKeys.publicKey(config.requireKey(config.checkpointPublicKey(),
                "arr.indexer.checkpoint-public-key", "AUDIT_CHECKPOINT_PUBLIC_KEY"));
        CheckpointKeys.requirePair(signingKey, publicKey, "AUDIT_CHECKPOINT_KEY, AUDIT_CHECKPOINT_PUBLIC_KEY");
        untilElasticsearchAnswers("install the index templates", () -> new IndexTemplateInstaller(elasticsearch).install());
        try (Admin admin = Admin.create(adminProperties())) {
            AnchorTopic.ensure(admin, config.anchorTopic());
            DeadLetterTopic.ensure(admin, config.deadLetterTopic(), config.bootstrap());
        }
        anchors = new KafkaCheckpointAnchors(new KafkaProducer<>(anchorProducerProperties()), config.anchorTopic(),
                EnvelopeCodec.mapper(), metrics);
        CheckpointStore checkpointStore = new CheckpointStore(elasticsearch, anchors);
        untilElasticsearchAnswers("create " + CheckpointStore.INDEX, checkpointStore::createIndexIfMissing);
        catchUpAnchors(checkpointStore, publicKey);
        Supplier<Consumer<String, byte[]>> plainConsumers = () -> new KafkaConsumer<>(plainConsumerProperties());
        DeadLetterLedger deadLetterLedger = DeadLetterLedger.read(plainConsumers, config.deadLetterTopic());
        deadLetters = new DeadLetterPublisher(new KafkaProducer<>(deadLetterProducerProperties()), config.deadLetterTopic(),
                deadLetterLedger);
        ChainTracker chains = new ChainTracker(new ElasticsearchHeadLookup(elasticsearch, deadLetterLedger));
        CheckpointWriter checkpoints = new CheckpointWriter(checkpointStore, signingKey, CheckpointKeys.keyId(publicKey),
                Clock.systemUTC(), metrics.counter("arr.indexer.checkpoints"), metrics.counter("arr.indexer.checkpoints.uncovered"));
        metrics.gauge("arr.indexer.checkpoints.rounds.suspended", checkpoints, CheckpointWriter::roundsSuspended);
        AuditConsumerLoop[] self = new AuditConsumerLoop[1];
        writer = new AuditBulkWriter(elasticsearch, config.bulkMaxDocuments(), config.bulkMaxBytes(), config.flushInterval(),
                new AuditBulkWriter.Outcomes() {
                    @Override
                    public void done(PreparedDocument document, ItemOutcome outcome) {
                        self[0].done(document, outcome);
                    }

                    @Override
                    public void permanent(PreparedDocument document, String errorType, String reason) {
                        self[0].permanent(document, errorType, reason);
                    }

                    @Override
                    public void retried(RecordRef ref, int status) {
                        self[0].retried(ref, status);
                    }

                    @Override
                    public void deadLetterRetried(RecordRef ref) {
                        self[0].deadLetterRetried(ref);
                    }

                    @Override
                    public void retryDropped(RecordRef ref) {
                        self[0].retryDropped(ref);
                    }
                });
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties());
        // Kafka's own lag counts only what was not fetched yet: records fetched and waiting for Elasticsearch (up to
        // the pause threshold, while it refuses) are backlog too, and not yet committed.
        OffsetLedger offsets = new OffsetLedger();
        metrics.gauge("arr.indexer.pending.records", offsets, OffsetLedger::pendingCount);
        kafkaMetrics = new KafkaClientMetrics(consumer);
        kafkaMetrics.bindTo(metrics);
        loop = new AuditConsumerLoop(consumer, config.topic(),
                new AuditConsumerLoop.Collaborators(writer, deadLetters, chains, checkpoints,
                        new UnsignedStretch(checkpointStore, publicKey, plainConsumers, config.topic()), offsets, metrics,
                        new arr.indexer.bootstrap.PartialIndexMarker(elasticsearch)),
                config.maxPendingRecords(), config.checkpointInterval(),
                deadLetterLedger::catchUp);
        self[0] = loop;
        thread = new Thread(loop, "audit-consumer");
        thread.start();
        ownEvents = new OwnEventPublisher(new KafkaProducer<>(producerProperties()), config.topic(),
                AuditMessageValidator.withDefaults(), Clock.systemUTC(), java.time.Duration.ofSeconds(60));
        retention = new RetentionJob(elasticsearch, retentionPolicy, ownEvents, checkpoints, checkpointStore, metrics,
                new ConsumerGroupProgress(() -> Admin.create(adminProperties()), config.topic(), config.groupId()),
                new DeadLetterPruning(plainConsumers, () -> Admin.create(adminProperties()), config.deadLetterTopic()),
                signedWith(publicKey), hostname(), Long.toString(ProcessHandle.current().pid()),
                new arr.indexer.retention.PlacedLegalHolds(elasticsearch));
        reconciliation = new ReconciliationReporter(new Reconciler(() -> new KafkaConsumer<>(readOnlyGroupConsumerProperties()),
                config.topic(), elasticsearch, () -> {
                    deadLetterLedger.catchUp();
                    return deadLetterLedger;
                }), metrics);
        // Consecutive five-minute windows, each ending five minutes ago: every record is read back once, not twelve times.
        scheduler.scheduleAtFixedRate(() -> reconciliation.runTrailing(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMinutes(5)),
                5, 5, TimeUnit.MINUTES);
        LOG.info("retention: {}", retentionPolicy.describe());
        long every = retentionPolicy.interval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> retention.run(Clock.systemUTC()), retentionPolicy.firstRun().toMillis(), every,
                TimeUnit.MILLISECONDS);
    }

    /** Whether a stored statement carries a valid signature by this key (anything in Elasticsearch can be planted). */
    private static java.util.function.Predicate<arr.indexer.checkpoint.Checkpoint> signedWith(PublicKey publicKey) {
        String keyId = CheckpointKeys.keyId(publicKey);
        return c -> keyId.equals(c.keyId()) && c.signature() != null && CheckpointKeys.verify(publicKey, c.signedText(), c.signature());
    }

    /** Anchors what a predecessor stored but did not copy; a failure is logged and does not stop the start. */
    private void catchUpAnchors(CheckpointStore checkpointStore, PublicKey publicKey) {
        java.util.function.Predicate<arr.indexer.checkpoint.Checkpoint> ours = signedWith(publicKey);
        try {
            new AnchorCatchUp(checkpointStore, anchors, () -> Anchors.read(() -> new KafkaConsumer<>(anchorReaderProperties()),
                    config.anchorTopic(), EnvelopeCodec.mapper(), ours), ours).run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot compare the anchor topic with {} at start-up ({}); copies lost by a predecessor stay missing until "
                    + "the next start", CheckpointStore.INDEX, e.toString());
        }
    }

    /**
     * Runs a start-up step against Elasticsearch, waiting out an Elasticsearch that is not reachable yet or answers
     * 429/5xx (started in the wrong order, restarting) with capped backoff instead of failing the start; anything else
     * (another 4xx such as a template Elasticsearch rejects, or a template file we cannot read) fails it at once.
     */
    private static void untilElasticsearchAnswers(String step, Runnable action) {
        Backoff backoff = new Backoff(500, 10_000);
        while (true) {
            try {
                action.run();
                return;
            } catch (RuntimeException e) {
                if (!unavailable(e)) {
                    throw e;
                }
                LOG.warn("cannot {} yet: Elasticsearch is unreachable or unavailable ({}); retrying in {} ms", step, e.toString(),
                        backoff.delayMillis());
                try {
                    backoff.pause();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Elasticsearch to " + step, interrupted);
                }
            }
        }
    }

    /** Elasticsearch answered 429/5xx, or could not be reached at all (not: it refused what we sent, or our own fault). */
    static boolean unavailable(Throwable failure) {
        int status = AuditBulkWriter.statusOf(failure);
        if (status == 429 || status >= 500) {
            return true;
        }
        for (Throwable t = failure; t != null && status == -1; t = t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.net.UnknownHostException || t instanceof org.apache.hc.core5.http.ConnectionClosedException) {
                return true;
            }
        }
        return false;
    }

    /** The reconciliation (also run every five minutes over the five minutes that ended five minutes ago). */
    public ReconciliationReporter reconciliation() {
        return reconciliation;
    }

    /** Why the consumer thread stopped on its own, if it did. */
    public java.util.Optional<Throwable> consumerFailure() {
        return loop == null ? java.util.Optional.empty() : loop.failure();
    }

    /** The retention job (also run on its schedule). */
    public RetentionJob retention() {
        return retention;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent event) throws InterruptedException {
        // A retention run stores its purge record before deleting: let a running one finish, with the anchors still
        // open, before interrupting whatever is left.
        scheduler.shutdown();
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
        scheduler.shutdownNow();
        if (loop != null) {
            loop.shutdown();
            thread.join(60_000);
            writer.close();
            deadLetters.close();
            kafkaMetrics.close();
            ownEvents.close();
        }
        if (anchors != null) {
            anchors.close();
        }
    }

    private Properties consumerProperties() {
        Properties props = arr.schemas.config.KafkaClientSecurity.apply(new Properties(), System.getenv());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        // A fetch response arrives in one heap buffer. Kafka's defaults (1 MiB per partition, 50 MiB per fetch) made
        // it 1-6 MiB with six partitions behind: a G1 "humongous" object at this heap's 1 MiB regions, and each one
        // started a concurrent marking cycle (2026-11-27 GC log: 23 such cycles in 20 seconds of load). Under half a
        // region, the responses are ordinary young objects; a batch larger than the limit is still returned whole.
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_MAX_BYTES / 2);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** For reading the dead-letter topic whole: no group, nothing committed. */
    private Properties plainConsumerProperties() {
        Properties props = consumerProperties();
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    /** For reading the group's committed offsets without joining it. */
    private Properties readOnlyGroupConsumerProperties() {
        Properties props = consumerProperties();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SkippedValue.class.getName());
        return props;
    }

    /** Never blocks the consumer thread for long: a copy that cannot go out is sent again later (see the class). */
    private Properties anchorProducerProperties() {
        Properties props = producerProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        return props;
    }

    /** Room for the largest dead letter ({@link DeadLetterTopic}); compressed, since base64 of JSON text compresses. */
    private Properties deadLetterProducerProperties() {
        Properties props = producerProperties();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DeadLetterTopic.MAX_MESSAGE_BYTES);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return props;
    }

    private Properties anchorReaderProperties() {
        Properties props = plainConsumerProperties();
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return props;
    }

    private Properties adminProperties() {
        Properties props = arr.schemas.config.KafkaClientSecurity.apply(new Properties(), System.getenv());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    private Properties producerProperties() {
        Properties props = arr.schemas.config.KafkaClientSecurity.apply(new Properties(), System.getenv());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}

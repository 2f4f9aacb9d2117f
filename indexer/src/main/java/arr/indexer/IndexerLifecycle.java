package arr.indexer;

import arr.indexer.bootstrap.IndexTemplateInstaller;
import arr.indexer.bulk.AuditBulkWriter;
import arr.indexer.bulk.ItemOutcome;
import arr.indexer.bulk.RecordRef;
import arr.indexer.config.IndexerConfig;
import arr.indexer.consume.AuditConsumerLoop;
import arr.indexer.consume.OffsetLedger;
import arr.indexer.deadletter.DeadLetterPublisher;
import arr.indexer.transform.IndexNameResolver;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.index.AuditDocument;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires and runs the consumer loop: templates first, then one consumer thread; stops it cleanly on shutdown. */
@Singleton
public class IndexerLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(IndexerLifecycle.class);

    private final IndexerConfig config;
    private final ElasticsearchClient elasticsearch;
    private final MeterRegistry metrics;
    private AuditConsumerLoop loop;
    private AuditBulkWriter writer;
    private DeadLetterPublisher deadLetters;
    private Thread thread;

    public IndexerLifecycle(IndexerConfig config, ElasticsearchClient elasticsearch, MeterRegistry metrics) {
        this.config = config;
        this.elasticsearch = elasticsearch;
        this.metrics = metrics;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        new IndexTemplateInstaller(elasticsearch).install();
        deadLetters = new DeadLetterPublisher(new KafkaProducer<>(producerProperties()), config.deadLetterTopic());
        OffsetLedger ledger = new OffsetLedger();
        AuditConsumerLoop[] self = new AuditConsumerLoop[1];
        writer = new AuditBulkWriter(elasticsearch, config.bulkMaxDocuments(), config.bulkMaxBytes(), config.flushInterval(),
                new AuditBulkWriter.Outcomes() {
                    @Override
                    public void done(RecordRef ref, ItemOutcome outcome) {
                        self[0].onDone(ref, outcome);
                    }

                    @Override
                    public void permanent(RecordRef ref, AuditDocument document, String index, String errorType, String reason) {
                        LOG.error("Elasticsearch refused document {} ({}-{}@{}) for index {}: {} {}; sent to {}", ref.id(),
                                ref.partition().topic(), ref.partition().partition(), ref.offset(), index, errorType, reason,
                                config.deadLetterTopic());
                        byte[] value = EnvelopeCodec.mapper().valueToTree(document).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        deadLetters.publish(new DeadLetterPublisher.FailureRecord("index", errorType, reason, ref.id(),
                                ref.partition().topic(), ref.partition().partition(), ref.offset(), Instant.now(), value));
                        metrics.counter("arr.indexer.deadletters", "stage", "index").increment();
                        self[0].onDone(ref, ItemOutcome.PERMANENT);
                    }

                    @Override
                    public void retried(RecordRef ref, int status) {
                        metrics.counter("arr.indexer.retries", "status", Integer.toString(status)).increment();
                    }
                });
        loop = new AuditConsumerLoop(new KafkaConsumer<>(consumerProperties()), config.topic(), writer, deadLetters,
                new IndexNameResolver(Clock.systemUTC()), ledger, metrics, config.maxPendingRecords());
        self[0] = loop;
        thread = new Thread(loop, "audit-consumer");
        thread.start();
    }

    @EventListener
    void onShutdown(ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.shutdown();
            thread.join(60_000);
            writer.close();
            deadLetters.close();
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}

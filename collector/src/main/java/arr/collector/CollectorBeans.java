package arr.collector;

import arr.collector.audit.SelfAuditMessages;
import arr.collector.config.CollectorConfig;
import arr.collector.metrics.CollectorMetrics;
import arr.collector.pipeline.CollectorPipeline;
import arr.collector.pipeline.EnvelopeFactory;
import arr.collector.publish.InFlightGate;
import arr.collector.publish.KafkaEnvelopePublisher;
import arr.schemas.validation.AuditMessageValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The composition root: the pipeline's plain classes wired once. */
@Factory
public class CollectorBeans {

    @Singleton
    CollectorMetrics metrics(MeterRegistry registry) {
        return new CollectorMetrics(registry);
    }

    @Singleton
    InFlightGate gate(CollectorConfig config, CollectorMetrics metrics) {
        InFlightGate gate = new InFlightGate(config.kafka().highWaterBytes(), config.kafka().lowWaterBytes());
        metrics.registerInFlight(gate::bytes);
        return gate;
    }

    @Singleton
    KafkaEnvelopePublisher publisher(CollectorConfig config, InFlightGate gate, CollectorMetrics metrics) {
        Properties props = arr.schemas.config.KafkaClientSecurity.apply(new Properties(), System.getenv());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "arr-collector");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.kafka().compression());
        props.put(ProducerConfig.LINGER_MS_CONFIG, config.kafka().lingerMs());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, config.kafka().batchBytes());
        // Bigger than the in-flight high-water mark, so send() never blocks on a full buffer.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, config.kafka().highWaterBytes() * 2);
        // Above any record limit RecordSizeLimit allows (6 MiB less 64 KiB): the producer never refuses a record itself.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaEnvelopePublisher(new KafkaProducer<>(props), config.kafka().topic(), config.kafka().recordSizeLimit(),
                gate, metrics);
    }

    @Singleton
    CollectorPipeline pipeline(CollectorConfig config, KafkaEnvelopePublisher publisher, CollectorMetrics metrics) {
        return new CollectorPipeline(new EnvelopeFactory(AuditMessageValidator.withDefaults(), Clock.systemUTC(),
                config.maxMessageBytes(), config.placementRules()), publisher, metrics);
    }

    @Singleton
    SelfAuditMessages selfAudit() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return new SelfAuditMessages(host, Long.toString(ProcessHandle.current().pid()));
    }
}

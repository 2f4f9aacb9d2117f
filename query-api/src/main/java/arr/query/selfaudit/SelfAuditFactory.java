package arr.query.selfaudit;

import arr.query.config.SelfAuditConfig;
import arr.schemas.selfaudit.OwnEventPublisher;
import arr.schemas.validation.AuditMessageValidator;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Wires the Kafka producer and the message writer of the query API's own audit events. */
@Factory
public class SelfAuditFactory {

    @Singleton
    @Bean(preDestroy = "close")
    OwnEventPublisher ownEventPublisher(SelfAuditConfig config) {
        Properties props = arr.schemas.config.KafkaClientSecurity.apply(new Properties(), System.getenv());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "arr-query-api");
        long timeoutMs = config.timeout().toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        return new OwnEventPublisher(producer, config.topic(), AuditMessageValidator.withDefaults(), Clock.systemUTC(),
                config.timeout());
    }

    @Singleton
    QueryApiAuditMessages queryApiAuditMessages(SelfAuditConfig config) {
        return new QueryApiAuditMessages(hostname(), Long.toString(ProcessHandle.current().pid()), config.auditLogUri());
    }

    @Singleton
    SelfAuditor selfAuditor(OwnEventPublisher publisher, QueryApiAuditMessages messages) {
        // Failed logins are recorded off the request thread; a flood of them is bounded, the excess logged.
        ExecutorService background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                runnable -> {
                    Thread thread = new Thread(runnable, "self-audit");
                    thread.setDaemon(true);
                    return thread;
                }, (runnable, executor) -> org.slf4j.LoggerFactory.getLogger(SelfAuditor.class)
                        .error("failed-login audit queue full: a failed login was not recorded"));
        return new SelfAuditor(publisher, messages, background);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

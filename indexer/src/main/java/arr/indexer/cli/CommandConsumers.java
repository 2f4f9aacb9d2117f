package arr.indexer.cli;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Kafka consumer settings of the command-line tools: they read, never join a group nor commit. */
public final class CommandConsumers {

    private CommandConsumers() {
    }

    /**
     * A consumer without a group, of string keys and byte values, with the Kafka security settings {@code env} names
     * ({@code AUDIT_KAFKA_CLIENT_PROPERTIES}).
     */
    public static Properties plain(String bootstrap, java.util.Map<String, String> env) {
        Properties props = arr.schemas.config.KafkaClientSecurity.apply(new Properties(), env);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    /** Like {@link #plain}, for a topic that must not be created by asking for it (with the broker's defaults). */
    public static Properties withoutTopicCreation(String bootstrap, java.util.Map<String, String> env) {
        Properties props = plain(bootstrap, env);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return props;
    }
}

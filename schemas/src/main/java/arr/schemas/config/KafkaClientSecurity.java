package arr.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How the services and the command-line tools reach a production Kafka, which authenticates its clients and encrypts:
 * the Java properties file {@code AUDIT_KAFKA_CLIENT_PROPERTIES} names ({@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}, as Kafka documents them) is added to every producer, consumer and admin client. Only
 * those keys are taken: a file that also set, say, {@code acks} or {@code group.id} would silently change what the
 * services promise, so any other key is an error naming it. Unset: plaintext (the local stack).
 */
public final class KafkaClientSecurity {

    public static final String VARIABLE = "AUDIT_KAFKA_CLIENT_PROPERTIES";
    private static final List<String> TAKEN = List.of("security.protocol", "sasl.", "ssl.");

    private KafkaClientSecurity() {
    }

    /** Adds the file's settings to {@code props} (nothing when the variable is unset) and returns {@code props}. */
    public static Properties apply(Properties props, Map<String, String> env) {
        String file = env.get(VARIABLE);
        if (file != null && !file.isBlank()) {
            props.putAll(load(Path.of(file.strip())));
        }
        return props;
    }

    static Properties load(Path file) {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            settings.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(VARIABLE + " (" + file + ") cannot be read: " + e.getMessage(), e);
        }
        for (String key : settings.stringPropertyNames()) {
            if (TAKEN.stream().noneMatch(prefix -> prefix.endsWith(".") ? key.startsWith(prefix) : key.equals(prefix))) {
                throw new IllegalArgumentException(VARIABLE + " (" + file + ") sets '" + key + "': only security.protocol, sasl.* "
                        + "and ssl.* are taken from it");
            }
        }
        return settings;
    }
}

package arr.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Production configuration has no default secrets: the service refuses to start without them, naming the setting. */
class MissingSecretsTest {

    private static final String HASH = "$2b$04$" + "a".repeat(53);
    private static final Path KEY = writeKey();

    private static Path writeKey() {
        try {
            Path key = java.nio.file.Files.createDirectories(Path.of("target", "missing-secrets-test")).resolve("cursor.key");
            java.nio.file.Files.writeString(key, java.util.Base64.getEncoder().encodeToString(new byte[32]));
            return key;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withEverySecretTheContextStarts() {
        ApplicationContext.run(complete()).close();
    }

    @Test
    void aMissingUserStopsTheStartNamingTheVariable() {
        Map<String, Object> properties = complete();
        properties.remove("arr.users.officer-user");
        assertThatThrownBy(() -> ApplicationContext.run(properties).close()).hasStackTraceContaining("AUDIT_OFFICER_USER");
    }

    @Test
    void aMissingCursorKeyStopsTheStartNamingTheVariable() {
        Map<String, Object> properties = complete();
        properties.remove("arr.cursor.key-file");
        assertThatThrownBy(() -> ApplicationContext.run(properties).close()).hasStackTraceContaining("AUDIT_CURSOR_KEY");
    }

    @Test
    void anUnreadableCursorKeyStopsTheStartNamingTheVariable() {
        Map<String, Object> properties = complete();
        properties.put("arr.cursor.key-file", Path.of("target", "no-such-cursor.key").toString());
        assertThatThrownBy(() -> ApplicationContext.run(properties).close()).hasStackTraceContaining("AUDIT_CURSOR_KEY");
    }

    @Test
    void aWrongPublicUrlStopsTheStartNamingTheVariable() {
        Map<String, Object> properties = complete();
        properties.put("arr.fhir.public-base-url", "ftp://audit.hospital.example");
        assertThatThrownBy(() -> ApplicationContext.run(properties).close()).hasStackTraceContaining("AUDIT_API_PUBLIC_URL");
    }

    private static Map<String, Object> complete() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("arr.users.officer-user", "o");
        properties.put("arr.users.officer-password-bcrypt", HASH);
        properties.put("arr.users.auditor-user", "a");
        properties.put("arr.users.auditor-password-bcrypt", HASH);
        properties.put("arr.users.admin-user", "x");
        properties.put("arr.users.admin-password-bcrypt", HASH);
        properties.put("arr.cursor.key-file", KEY.toString());
        properties.put("arr.self-audit.timeout", "1s");
        // Never the local stack's ports: a test must not write start and stop events into a running stack (CONTRACT §2).
        // Nothing listens on port 1.
        properties.put("arr.self-audit.kafka-bootstrap", "127.0.0.1:1");
        properties.put("arr.elasticsearch.url", "http://127.0.0.1:1");
        return properties;
    }
}

package arr.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** HTTPS is a configuration switch: with a PKCS#12 key store, the API answers over TLS and a client trusting it connects. */
class HttpsIT {

    @Test
    void theApiServesHttpsWithTheConfiguredKeyStore() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "https-it"));
        Path keyStore = dir.resolve("api.p12");
        Files.deleteIfExists(keyStore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        Path cursorKey = dir.resolve("cursor.key");
        Files.writeString(cursorKey, Base64.getEncoder().encodeToString(new byte[32]));
        String hash = "$2b$04$" + "a".repeat(53);
        Map<String, Object> properties = Map.ofEntries(
                Map.entry("micronaut.server.ssl.enabled", true),
                Map.entry("micronaut.server.ssl.port", -1),
                Map.entry("micronaut.server.port", -1),
                Map.entry("micronaut.ssl.key-store.path", "file:" + keyStore.toAbsolutePath()),
                Map.entry("micronaut.ssl.key-store.password", "changeit"),
                Map.entry("arr.users.officer-user", "o"), Map.entry("arr.users.officer-password-bcrypt", hash),
                Map.entry("arr.users.auditor-user", "a"), Map.entry("arr.users.auditor-password-bcrypt", hash),
                Map.entry("arr.users.admin-user", "x"), Map.entry("arr.users.admin-password-bcrypt", hash),
                Map.entry("arr.cursor.key-file", cursorKey.toString()),
                // No Kafka here: the start and stop events fail fast (and are logged) instead of waiting 10 s each.
                Map.entry("arr.self-audit.timeout", "1s"),
                // Never the local stack's ports (CONTRACT §2): nothing listens on port 1.
                Map.entry("arr.self-audit.kafka-bootstrap", "127.0.0.1:1"),
                Map.entry("arr.elasticsearch.url", "http://127.0.0.1:1"));
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            assertThat(server.getScheme()).isEqualTo("https");
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                trusted.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.getPort() + "/openapi.yml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("/api/v1/investigations/patient-accesses");
            HttpResponse<String> denied = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.getPort() + "/api/v1/events")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(401);
        }
    }
}

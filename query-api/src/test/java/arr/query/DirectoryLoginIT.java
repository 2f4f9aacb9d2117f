package arr.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.query.security.TestDirectory;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeRecords;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Personal accounts from the hospital's directory, through HTTP: a query API started here against the stack's Kafka and
 * Elasticsearch and a real LDAPS directory ({@link TestDirectory}). A directory officer reads and exports, a directory
 * auditor may not export, a wrong password is a 401, the audit trail names the person, and a directory that cannot be
 * asked makes a 503 for a login it has not verified yet, while the configured accounts still work.
 */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class DirectoryLoginIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void directoryUsersSignInWithTheirRoleAndAreNamedInTheAuditTrail(TestStack stack) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "directory-login-it"));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String officer = "officer-" + tag;
        String auditor = "auditor-" + tag;
        Path cursorKey = dir.resolve("cursor.key");
        Files.writeString(cursorKey, Base64.getEncoder().encodeToString(new byte[32]));
        String hash = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("local-secret".toCharArray(), new byte[16], 4);
        try (TestDirectory directory = new TestDirectory(dir, List.of("localhost"))) {
            directory.addUser(officer, "o-secret", TestDirectory.OFFICERS);
            directory.addUser(auditor, "a-secret", TestDirectory.AUDITORS);
            var config = directory.config("localhost", Duration.ofMinutes(5));
            Map<String, Object> properties = Map.ofEntries(
                    Map.entry("micronaut.server.port", -1),
                    Map.entry("arr.users.officer-user", "local-officer"), Map.entry("arr.users.officer-password-bcrypt", hash),
                    Map.entry("arr.users.auditor-user", "local-auditor"), Map.entry("arr.users.auditor-password-bcrypt", hash),
                    Map.entry("arr.users.admin-user", "local-admin"), Map.entry("arr.users.admin-password-bcrypt", hash),
                    Map.entry("arr.cursor.key-file", cursorKey.toString()),
                    Map.entry("arr.self-audit.kafka-bootstrap", stack.kafkaBootstrap()),
                    Map.entry("arr.elasticsearch.url", stack.elasticsearchUrl()),
                    Map.entry("arr.directory.url", config.url()),
                    Map.entry("arr.directory.ca-cert", config.caCert()),
                    Map.entry("arr.directory.bind-dn", config.bindDn()),
                    Map.entry("arr.directory.bind-password", config.bindPassword()),
                    Map.entry("arr.directory.user-base", config.userBase()),
                    Map.entry("arr.directory.user-filter", config.userFilter()),
                    Map.entry("arr.directory.name-attribute", "uid"),
                    Map.entry("arr.directory.auditor-group", TestDirectory.AUDITORS),
                    Map.entry("arr.directory.officer-group", TestDirectory.OFFICERS),
                    Map.entry("arr.directory.admin-group", TestDirectory.ADMINS));
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
                String base = "http://127.0.0.1:" + server.getPort();
                String search = "/api/v1/events?source=directory-login-it-" + tag;

                assertThat(get(base + search, officer, "o-secret").statusCode()).isEqualTo(200);
                assertThat(get(base + "/api/v1/events.csv?source=directory-login-it-" + tag, officer, "o-secret").statusCode())
                        .isEqualTo(200);
                assertThat(get(base + search, auditor, "a-secret").statusCode()).isEqualTo(200);
                assertThat(get(base + "/api/v1/events.csv", auditor, "a-secret").statusCode()).as("an auditor may not export")
                        .isEqualTo(403);
                assertThat(get(base + search, officer, "wrong").statusCode()).isEqualTo(401);
                assertThat(get(base + search, "nobody-" + tag, "o-secret").statusCode()).isEqualTo(401);

                // The person, not a shared account, in the audit trail of the audit trail.
                List<AuditEnvelope> reads = ownEvents(stack, officer, 2);
                assertThat(reads).extracting(e -> e.event().eventId().code()).contains("110101");
                assertThat(reads).allSatisfy(e -> assertThat(e.event().participants()).anySatisfy(p ->
                        assertThat(p.userId()).isEqualTo(officer)));

                directory.stop();
                assertThat(get(base + search, officer, "o-secret").statusCode()).as("remembered").isEqualTo(200);
                HttpResponse<String> unavailable = get(base + search, auditor + "-new", "x-secret");
                assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
                assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
                assertThat(get(base + search, "local-auditor", "local-secret").statusCode()).as("a configured account")
                        .isEqualTo(200);
            }
        }
    }

    private static HttpResponse<String> get(String url, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The query API's own events naming this user, from Kafka. */
    private static List<AuditEnvelope> ownEvents(TestStack stack, String user, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "directory-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<AuditEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("audit.events"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    AuditEnvelope envelope = EnvelopeRecords.read(record);
                    if (envelope.event() != null && new String(envelope.msg(), StandardCharsets.UTF_8).contains("\"" + user + "\"")) {
                        found.add(envelope);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }
}

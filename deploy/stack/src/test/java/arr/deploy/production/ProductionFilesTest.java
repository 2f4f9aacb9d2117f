package arr.deploy.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The files to deploy in production ({@code deploy/production}) stay true to the code: each service's settings
 * template names exactly the variables the service reads, its systemd unit runs the jar the build makes with those
 * settings, and the Kafka script and Elasticsearch roles name the topics and indices the code uses.
 */
class ProductionFilesTest {

    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    private static final Path PRODUCTION = ROOT.resolve("deploy/production");

    @ParameterizedTest
    @ValueSource(strings = {"collector", "indexer", "query-api"})
    void theSettingsTemplateNamesExactlyTheVariablesTheServiceReads(String service) {
        Set<String> read = variablesIn(ROOT.resolve(service + "/src/main/resources/application.yml"));
        try (Stream<Path> sources = Files.walk(ROOT.resolve(service + "/src/main/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> read.addAll(quotedVariablesIn(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Read through the schemas module by every service that reaches Kafka or Elasticsearch.
        read.add("AUDIT_KAFKA_CLIENT_PROPERTIES");
        if (!service.equals("collector")) {
            read.addAll(Set.of("AUDIT_ES_API_KEY", "AUDIT_ES_USERNAME", "AUDIT_ES_PASSWORD", "AUDIT_ES_CA_CERT"));
        }
        Set<String> listed = new TreeSet<>();
        for (String line : lines(PRODUCTION.resolve("env/" + service + ".env.example"))) {
            Matcher setting = Pattern.compile("^#?(AUDIT_[A-Z0-9_]+)=").matcher(line);
            if (setting.find()) {
                listed.add(setting.group(1));
            }
        }
        assertThat(listed).as("variables listed in env/%s.env.example", service).isEqualTo(new TreeSet<>(read));
    }

    @ParameterizedTest
    @ValueSource(strings = {"collector", "indexer", "query-api"})
    void theUnitRunsTheJarTheBuildMakesWithItsSettingsAsAnUnprivilegedUser(String service) {
        String unit = String.join("\n", lines(PRODUCTION.resolve("systemd/arr-" + service + ".service")));
        assertThat(unit).contains("SuccessExitStatus=143").contains("TimeoutStopSec=")
                .contains("EnvironmentFile=/etc/audit-repository/" + service + ".env")
                .contains("-jar /opt/audit-repository/" + service + ".jar").contains("User=arr").contains("NoNewPrivileges=true")
                .contains("ProtectSystem=strict").contains("CapabilityBoundingSet=\n");
        assertThat(String.join("\n", lines(ROOT.resolve(service + "/pom.xml")))).contains("<artifactId>" + service + "</artifactId>")
                .contains("<finalName>${project.artifactId}</finalName>");
    }

    @Test
    void theKafkaScriptsAndTheElasticsearchRolesNameWhatTheCodeUses() {
        String topics = String.join("\n", lines(PRODUCTION.resolve("kafka/create-topics.sh")));
        assertThat(topics).contains("--topic audit.events").contains("--topic audit.deadletter")
                .contains("anchors=\"${AUDIT_ANCHOR_TOPIC:-audit.anchors}\"").contains("--replication-factor 3")
                .contains("min.insync.replicas=2").contains("cleanup.policy=compact").contains("segment.ms=3600000");
        // As the indexer makes the anchor topic itself (AnchorTopic.CONFIG).
        assertThat(String.join("\n", lines(ROOT.resolve("indexer/src/main/java/arr/indexer/checkpoint/AnchorTopic.java"))))
                .contains("3600000");
        String roles = String.join("\n", lines(PRODUCTION.resolve("elasticsearch/roles.json")));
        assertThat(roles).contains("\"audit-events-*\"", "\"audit-quarantine-*\"", "\"audit-checkpoints\"", "\"audit-retention\"",
                "\"audit-legal-holds\"", "\"audit-report-runs\"", "\"audit-report-files\"");
        assertThat(String.join("\n", lines(ROOT.resolve("schemas/src/main/java/arr/schemas/index/LegalHold.java"))))
                .contains("INDEX = \"audit-legal-holds\"");
        assertThat(String.join("\n", lines(ROOT.resolve("schemas/src/main/java/arr/schemas/index/RetentionStatus.java"))))
                .contains("INDEX = \"audit-retention\"");
    }

    private static Set<String> variablesIn(Path file) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(AUDIT_[A-Z0-9_]+)").matcher(String.join("\n", lines(file)));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Variables a class names as a string of its own ("AUDIT_X"), as those it reads from the environment do. */
    private static Set<String> quotedVariablesIn(Path file) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\"(AUDIT_[A-Z0-9_]+)\"").matcher(String.join("\n", lines(file)));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static java.util.List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

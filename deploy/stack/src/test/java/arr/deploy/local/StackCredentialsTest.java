package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void generatesEveryContractKeyWithOwnerOnlyMode() throws Exception {
        Path file = dir.resolve("credentials.env");
        StackCredentials credentials = StackCredentials.ensure(file, StackPorts.fromEnvironment(Map.of()));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PemFiles.OWNER_ONLY);
        assertThat(credentials.asMap()).containsKeys("AUDIT_API_URL", "AUDIT_OFFICER_USER", "AUDIT_OFFICER_PASSWORD",
                "AUDIT_AUDITOR_USER", "AUDIT_AUDITOR_PASSWORD", "AUDIT_ADMIN_USER", "AUDIT_ADMIN_PASSWORD",
                "AUDIT_SYSLOG_HOST", "AUDIT_SYSLOG_TLS_PORT", "AUDIT_SYSLOG_TCP_PORT", "AUDIT_SYSLOG_UDP_PORT",
                "AUDIT_ES_URL", "AUDIT_KAFKA_BOOTSTRAP");
        assertThat(credentials.get("AUDIT_OFFICER_PASSWORD")).hasSize(24)
                .isNotEqualTo(credentials.get("AUDIT_ADMIN_PASSWORD"));
        assertThat(Files.readString(file)).contains("AUDIT_API_URL=http://127.0.0.1:8080\n");
    }

    @Test
    void keepsPasswordsAcrossStartsAndFollowsMovedPorts() {
        Path file = dir.resolve("credentials.env");
        StackCredentials first = StackCredentials.ensure(file, StackPorts.fromEnvironment(Map.of()));
        StackCredentials second = StackCredentials.ensure(file, StackPorts.fromEnvironment(Map.of("AUDIT_API_PORT", "18080")));
        assertThat(second.get("AUDIT_AUDITOR_PASSWORD")).isEqualTo(first.get("AUDIT_AUDITOR_PASSWORD"));
        assertThat(second.get("AUDIT_API_URL")).isEqualTo("http://127.0.0.1:18080");
    }

    @Test
    void servicesGetBcryptHashesNotPasswords() {
        StackCredentials credentials = credentials();
        Map<String, String> env = environment(Part.QUERY_API, credentials);
        String password = credentials.get("AUDIT_OFFICER_PASSWORD");
        assertThat(env.values()).doesNotContain(password);
        assertThat(OpenBSDBCrypt.checkPassword(env.get("AUDIT_OFFICER_PASSWORD_BCRYPT"), password.toCharArray())).isTrue();
    }

    @Test
    void eachServiceGetsOnlyItsOwnSecretsAndTheSigningKeyReachesTheIndexerAlone() {
        StackCredentials credentials = credentials();
        Map<String, String> collector = environment(Part.COLLECTOR, credentials);
        Map<String, String> indexer = environment(Part.INDEXER, credentials);
        Map<String, String> api = environment(Part.QUERY_API, credentials);

        assertThat(indexer).containsKeys("AUDIT_CHECKPOINT_KEY", "AUDIT_ES_URL", "AUDIT_KAFKA_BOOTSTRAP")
                .doesNotContainKeys("AUDIT_TLS_KEY", "AUDIT_CURSOR_KEY", "AUDIT_OFFICER_PASSWORD_BCRYPT");
        assertThat(collector).containsKeys("AUDIT_TLS_KEY", "AUDIT_SYSLOG_TLS_PORT", "AUDIT_KAFKA_BOOTSTRAP")
                .doesNotContainKeys("AUDIT_CHECKPOINT_KEY", "AUDIT_CURSOR_KEY", "AUDIT_ES_URL", "AUDIT_OFFICER_PASSWORD_BCRYPT");
        assertThat(api).containsKeys("AUDIT_CURSOR_KEY", "AUDIT_ES_URL", "AUDIT_API_PORT", "AUDIT_ADMIN_PASSWORD_BCRYPT")
                .doesNotContainKeys("AUDIT_CHECKPOINT_KEY", "AUDIT_TLS_KEY");
        assertThat(List.of(collector, api)).allSatisfy(env -> assertThat(env.values())
                .doesNotContain(new CheckpointKeyPair(dir.resolve("keys")).privateKey().toString()));
    }

    private StackCredentials credentials() {
        return StackCredentials.ensure(dir.resolve("c.env"), StackPorts.fromEnvironment(Map.of()));
    }

    private Map<String, String> environment(Part part, StackCredentials credentials) {
        return ServiceEnvironment.of(part, StackSettings.testStack(new StackLayout(dir, dir, java.util.Optional.empty())),
                new LocalPki(dir.resolve("tls")), new CheckpointKeyPair(dir.resolve("keys")), credentials);
    }
}

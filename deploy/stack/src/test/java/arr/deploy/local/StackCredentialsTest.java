package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        StackCredentials credentials = StackCredentials.ensure(dir.resolve("c.env"), StackPorts.fromEnvironment(Map.of()));
        Map<String, String> env = ServiceEnvironment.of(
                StackSettings.testStack(new StackLayout(dir, dir, java.util.Optional.empty())),
                new LocalPki(dir.resolve("tls")), new CheckpointKeyPair(dir.resolve("keys")), credentials);
        String password = credentials.get("AUDIT_OFFICER_PASSWORD");
        assertThat(env.values()).doesNotContain(password);
        assertThat(OpenBSDBCrypt.checkPassword(env.get("AUDIT_OFFICER_PASSWORD_BCRYPT"), password.toCharArray())).isTrue();
    }
}

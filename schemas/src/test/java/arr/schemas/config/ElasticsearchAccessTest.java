package arr.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchAccessTest {

    @TempDir
    Path dir;

    @Test
    void anApiKeyOrAUserAndPasswordBecomeTheAuthorizationHeader() {
        assertThat(ElasticsearchAccess.fromEnvironment(Map.of("AUDIT_ES_API_KEY", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")).authorization())
                .contains("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        assertThat(ElasticsearchAccess.fromEnvironment(Map.of("AUDIT_ES_USERNAME", "arr-indexer", "AUDIT_ES_PASSWORD", "s3cret"))
                .authorization()).contains("Basic YXJyLWluZGV4ZXI6czNjcmV0");
        ElasticsearchAccess none = ElasticsearchAccess.fromEnvironment(Map.of());
        assertThat(none.authorization()).isEmpty();
        assertThat(none.sslContext()).isEmpty();
    }

    @Test
    void halfGivenCredentialsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ElasticsearchAccess.fromEnvironment(Map.of("AUDIT_ES_USERNAME", "arr")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_ES_PASSWORD");
        assertThatThrownBy(() -> ElasticsearchAccess.fromEnvironment(Map.of("AUDIT_ES_API_KEY", "k", "AUDIT_ES_PASSWORD", "p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> ElasticsearchAccess.fromEnvironment(Map.of("AUDIT_ES_CA_CERT", dir.resolve("none.pem").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_ES_CA_CERT");
    }

    /** The configured CA is what a TLS connection trusts: a server whose certificate it signed is reached, another is not. */
    @Test
    void theConfiguredCaIsTrustedForTls() throws Exception {
        Path keyStore = dir.resolve("es.p12");
        keytool("-genkeypair", "-alias", "es", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit");
        Path pem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "es", "-keystore", keyStore.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        SSLContext trusting = ElasticsearchAccess.fromEnvironment(Map.of("AUDIT_ES_CA_CERT", pem.toString())).sslContext()
                .orElseThrow();

        assertThat(handshake(keyStore, trusting)).isNull();
        assertThat(handshake(keyStore, SSLContext.getDefault())).isInstanceOf(SSLHandshakeException.class);
    }

    /** A TLS handshake with a server using {@code keyStore}; null when it succeeded, else what failed. */
    private static Exception handshake(Path keyStore, SSLContext client) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listening.accept()) {
                    socket.startHandshake();
                    try (OutputStream out = socket.getOutputStream()) {
                        out.write(1);
                    }
                } catch (Exception e) {
                    // The client's failure is what the test looks at.
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", listening.getLocalPort())) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(1);
                return null;
            } catch (SSLHandshakeException e) {
                return e;
            } finally {
                accepted.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }
}

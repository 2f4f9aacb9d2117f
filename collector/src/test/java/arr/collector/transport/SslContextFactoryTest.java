package arr.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.collector.config.CollectorConfig;
import arr.deploy.local.DevCertificates;
import arr.deploy.local.PemFiles;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SslContextFactoryTest {

    @TempDir
    Path dir;

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final List<String> CIPHERS = List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");

    @Test
    void trustsTheCasOfAPemFileOrAPkcs12Store() throws Exception {
        Instant now = Instant.now();
        DevCertificates.Issued ca = DevCertificates.certificateAuthority("Test CA", now.minusSeconds(60), now.plusSeconds(3600));
        DevCertificates.Issued server = DevCertificates.leaf(ca, "CN=localhost", DevCertificates.Purpose.SERVER,
                List.of("localhost"), List.of("127.0.0.1"), now.minusSeconds(60), now.plusSeconds(3600));
        server.writeTo(dir.resolve("server.crt"), dir.resolve("server.key"));
        ca.writeTo(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setCertificateEntry("ca", ca.certificate());
        try (OutputStream out = Files.newOutputStream(dir.resolve("trust.p12"))) {
            p12.store(out, new char[0]);
        }
        for (String trust : List.of("ca.crt", "trust.p12")) {
            SslContextFactory.ServerTls tls = SslContextFactory.server(new CollectorConfig.Tls(dir.resolve("server.crt"),
                    dir.resolve("server.key"), dir.resolve(trust), List.of(), null, Duration.ofMinutes(1), PROTOCOLS, CIPHERS));
            assertThat(tls.trustManager().getAcceptedIssuers()).extracting(c -> c.getSubjectX500Principal().getName())
                    .as(trust).anyMatch(n -> n.contains("CN=Test CA"));
            assertThat(tls.context().isServer()).isTrue();
        }
    }

    /**
     * The trust manager itself refuses a revoked chain (the handshake handler checks again, but must not be the only
     * check): here a device of an intermediate CA kept among the trusted ones, which its root revoked.
     */
    @Test
    void theTrustManagerRefusesADeviceOfATrustedIntermediateItsRootRevoked() throws Exception {
        Instant now = Instant.now();
        DevCertificates.Issued root = DevCertificates.certificateAuthority("Root CA", now.minusSeconds(60), now.plusSeconds(3600));
        DevCertificates.Issued ward = DevCertificates.certificateAuthority(root, "Ward CA", now.minusSeconds(60), now.plusSeconds(3600));
        DevCertificates.Issued server = DevCertificates.leaf(root, "CN=localhost", DevCertificates.Purpose.SERVER,
                List.of("localhost"), List.of("127.0.0.1"), now.minusSeconds(60), now.plusSeconds(3600));
        DevCertificates.Issued pump = DevCertificates.leaf(ward, "CN=ward-pump", DevCertificates.Purpose.CLIENT,
                List.of(), List.of(), now.minusSeconds(60), now.plusSeconds(3600));
        server.writeTo(dir.resolve("server.crt"), dir.resolve("server.key"));
        Files.writeString(dir.resolve("trust.crt"), Files.readString(pem(root)) + Files.readString(pem(ward)));
        PemFiles.writeRevocationList(dir.resolve("root.crl"), DevCertificates.revocationList(root, List.of(ward.certificate()),
                now.minusSeconds(60), now.plusSeconds(3600)));
        SslContextFactory.ServerTls tls = SslContextFactory.server(new CollectorConfig.Tls(dir.resolve("server.crt"),
                dir.resolve("server.key"), dir.resolve("trust.crt"), List.of(), dir.resolve("root.crl").toString(),
                Duration.ofMinutes(1), PROTOCOLS, CIPHERS));

        assertThatThrownBy(() -> tls.trustManager().checkClientTrusted(new X509Certificate[] {pump.certificate()}, "EC"))
                .isInstanceOf(CertificateRevokedException.class)
                .satisfies(e -> assertThat(TlsHandshakeHandler.category(handshakeFailure(e)))
                        .isEqualTo("certificate-revoked"));
    }

    /** As the JDK reports a trust manager's refusal: an SSLHandshakeException caused by it. */
    private static SSLHandshakeException handshakeFailure(Throwable cause) {
        SSLHandshakeException failure = new SSLHandshakeException("refused");
        failure.initCause(cause);
        return failure;
    }

    private Path pem(DevCertificates.Issued ca) {
        Path file = dir.resolve(ca.certificate().getSerialNumber() + ".pem");
        PemFiles.writeCertificate(file, ca.certificate());
        return file;
    }

    @Test
    void aMissingFileStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> SslContextFactory.server(new CollectorConfig.Tls(dir.resolve("none.crt"), dir.resolve("none.key"),
                dir.resolve("none-ca.crt"), List.of(), null, Duration.ofMinutes(1), PROTOCOLS, CIPHERS)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("arr.collector.tls.certificate");
    }
}

package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPkiTest {

    @TempDir
    Path dir;

    @Test
    void writesCaServerAndDeviceWithPrivateKeysOwnerOnly() throws Exception {
        LocalPki pki = new LocalPki(dir.resolve("tls"));
        assertThat(pki.ensure()).isTrue();
        for (Path key : List.of(pki.caKey(), pki.serverKey(), pki.deviceKey())) {
            assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PemFiles.OWNER_ONLY);
            assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        }
        X509Certificate ca = PemFiles.readCertificate(pki.caCertificate());
        X509Certificate server = PemFiles.readCertificate(pki.serverCertificate());
        X509Certificate device = PemFiles.readCertificate(pki.deviceCertificate());
        server.verify(ca.getPublicKey());
        device.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(server.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList())
                .contains((Object) "127.0.0.1", (Object) "localhost");
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(device.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void deviceKeyIsUnencryptedPkcs8MatchingItsCertificate() throws Exception {
        LocalPki pki = new LocalPki(dir);
        pki.ensure();
        String pem = Files.readString(pki.deviceKey()).replaceAll("-----[A-Z ]+-----|\\s", "");
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(PemFiles.readCertificate(pki.deviceCertificate()).getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void keepsFreshFilesAndReplacesExpiringOnes() throws Exception {
        LocalPki pki = new LocalPki(dir);
        pki.ensure();
        String first = Files.readString(pki.caCertificate());
        assertThat(pki.ensure()).isFalse();
        assertThat(Files.readString(pki.caCertificate())).isEqualTo(first);

        DevCertificates.Issued ca = DevCertificates.certificateAuthority("old", Instant.now().minus(Duration.ofDays(400)),
                Instant.now().plus(Duration.ofDays(3)));
        PemFiles.writeCertificate(pki.caCertificate(), ca.certificate());
        assertThat(pki.ensure()).isTrue();
        assertThat(PemFiles.readCertificate(pki.caCertificate()).getNotAfter().toInstant())
                .isAfter(Instant.now().plus(Duration.ofDays(300)));
    }
}

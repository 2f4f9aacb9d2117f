package arr.deploy.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The development PKI of a stack (CONTRACT.md §2), in {@code <state>/tls/}: {@code ca.crt} and
 * {@code ca.key}, the collector's {@code collector.crt}/{@code collector.key} (SAN 127.0.0.1 and
 * localhost), and the device's {@code device.crt}/{@code device.key}. Keys are mode 0600. Made once and
 * made again only when a file is missing or a certificate expires within 30 days.
 */
public record LocalPki(Path dir) {

    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Duration CA_VALIDITY = Duration.ofDays(3 * 365);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    public static final String DEVICE_SUBJECT = "CN=dev-device-1,OU=devices,O=Audit Record Repository (development)";

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    public Path caKey() {
        return dir.resolve("ca.key");
    }

    public Path serverCertificate() {
        return dir.resolve("collector.crt");
    }

    public Path serverKey() {
        return dir.resolve("collector.key");
    }

    public Path deviceCertificate() {
        return dir.resolve("device.crt");
    }

    public Path deviceKey() {
        return dir.resolve("device.key");
    }

    /** Makes the files if any is missing or about to expire; returns whether it made new ones. */
    public boolean ensure() {
        if (allPresent() && Stream.of(caCertificate(), serverCertificate(), deviceCertificate()).allMatch(LocalPki::fresh)) {
            return false;
        }
        Instant now = Instant.now();
        Instant notBefore = now.minus(Duration.ofHours(1));
        DevCertificates.Issued ca = DevCertificates.certificateAuthority("Audit Record Repository Dev CA",
                notBefore, now.plus(CA_VALIDITY));
        DevCertificates.Issued server = DevCertificates.leaf(ca,
                "CN=localhost,OU=collector,O=Audit Record Repository (development)", DevCertificates.Purpose.SERVER,
                List.of("localhost"), List.of("127.0.0.1"), notBefore, now.plus(LEAF_VALIDITY));
        DevCertificates.Issued device = DevCertificates.leaf(ca, DEVICE_SUBJECT, DevCertificates.Purpose.CLIENT,
                List.of("localhost"), List.of("127.0.0.1"), notBefore, now.plus(LEAF_VALIDITY));
        ca.writeTo(caCertificate(), caKey());
        server.writeTo(serverCertificate(), serverKey());
        device.writeTo(deviceCertificate(), deviceKey());
        return true;
    }

    private boolean allPresent() {
        return Stream.of(caCertificate(), caKey(), serverCertificate(), serverKey(), deviceCertificate(), deviceKey())
                .allMatch(Files::isRegularFile);
    }

    private static boolean fresh(Path certificateFile) {
        try {
            X509Certificate certificate = PemFiles.readCertificate(certificateFile);
            return certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
        } catch (RuntimeException e) {
            return false;
        }
    }
}

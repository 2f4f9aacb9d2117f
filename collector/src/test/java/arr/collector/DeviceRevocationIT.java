package arr.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.deploy.local.DevCertificates;
import arr.deploy.local.Part;
import arr.deploy.local.PemFiles;
import arr.deploy.local.SampleSender;
import arr.deploy.local.StackPorts;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.envelope.AuditEnvelope;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificate revocation on the collector's TLS listener, with real TLS sockets, a real collector and real Kafka: a
 * device its CA revoked is refused and audited, and a device revoked while connected is cut off once the collector has
 * read the new revocation list (refreshed every second here).
 */
@NeedsStack(Part.KAFKA)
class DeviceRevocationIT {

    private static final Path DIR = Path.of("target/device-revocation-it");
    /** Makes this run's device names its own: Kafka may hold the alerts of earlier runs. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static ApplicationContext collector;
    private static StackPorts ports;
    private static DevCertificates.Issued ca;
    private static DevCertificates.Issued stolen;
    private static DevCertificates.Issued pump;

    @BeforeAll
    static void startCollector(TestStack stack) throws IOException {
        Files.createDirectories(DIR);
        Instant now = Instant.now();
        ca = DevCertificates.certificateAuthority("Revocation IT CA", now.minusSeconds(3600), now.plusSeconds(86_400));
        DevCertificates.Issued server = DevCertificates.leaf(ca, "CN=localhost", DevCertificates.Purpose.SERVER,
                List.of("localhost"), List.of("127.0.0.1"), now.minusSeconds(3600), now.plusSeconds(86_400));
        stolen = device("CN=stolen-cart-" + RUN, now);
        pump = device("CN=infusion-pump-" + RUN, now);
        server.writeTo(DIR.resolve("server.crt"), DIR.resolve("server.key"));
        PemFiles.writeCertificate(DIR.resolve("ca.crt"), ca.certificate());
        stolen.writeTo(DIR.resolve("stolen.crt"), DIR.resolve("stolen.key"));
        pump.writeTo(DIR.resolve("pump.crt"), DIR.resolve("pump.key"));
        publishRevocations(stolen.certificate());
        ports = StackPorts.free();
        collector = ApplicationContext.run(EmbeddedServer.class, Map.ofEntries(
                Map.entry("micronaut.server.port", ports.collectorManagement()),
                Map.entry("arr.collector.tls-port", ports.syslogTls()),
                Map.entry("arr.collector.tcp-port", ports.syslogTcp()),
                Map.entry("arr.collector.udp-port", ports.syslogUdp()),
                Map.entry("arr.collector.tls.certificate", DIR.resolve("server.crt").toString()),
                Map.entry("arr.collector.tls.key", DIR.resolve("server.key").toString()),
                Map.entry("arr.collector.tls.trust", DIR.resolve("ca.crt").toString()),
                Map.entry("arr.collector.tls.crl", DIR.resolve("ca.crl").toString()),
                Map.entry("arr.collector.tls.crl-refresh", "1s"),
                Map.entry("arr.collector.kafka.bootstrap", stack.kafkaBootstrap()))).getApplicationContext();
    }

    @AfterAll
    static void stopCollector() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void aDeviceWhoseCertificateIsRevokedIsRefusedAndAuditedAsRevoked(TestStack stack) throws Exception {
        assertThatThrownBy(() -> new SampleSender(StackPorts.HOST, ports.syslogTls(), SampleSender.Protocol.TLS, tls("stolen"))
                .send(List.of(CollectorToKafkaIT.message(UUID.randomUUID().toString(), "stolen"))))
                .isInstanceOf(IOException.class);

        assertThat(alertsFor(stack, "CN=stolen-cart-" + RUN)).singleElement()
                .satisfies(alert -> assertThat(alertDescription(alert)).startsWith("certificate-revoked: ").contains("KEY_COMPROMISE"));
        assertThat(metric("arr_collector_tls_handshake_failures_total{category=\"certificate-revoked\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric("arr_collector_tls_crl_revoked")).isGreaterThanOrEqualTo(1);
        assertThat(metric("arr_collector_tls_crl_stale")).isZero();
    }

    /**
     * A device revoked while connected (reported stolen, say) is cut off once the new list is read: what it sent before
     * is in Kafka, its connection is closed, and the cut is recorded as a Security Alert.
     */
    @Test
    void aConnectedDeviceIsCutOffWhenANewListRevokesIt(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        try (SSLSocket socket = (SSLSocket) tls("pump").getSocketFactory().createSocket(StackPorts.HOST, ports.syslogTls())) {
            socket.startHandshake();
            send(socket, CollectorToKafkaIT.message(tag, "before"));
            assertThat(CollectorToKafkaIT.consume(stack, e -> new String(e.msg(), StandardCharsets.UTF_8).contains(tag), 1))
                    .hasSize(1);
            double cutBefore = metric("arr_collector_tls_revoked_disconnects_total");

            publishRevocations(stolen.certificate(), pump.certificate());

            socket.setSoTimeout(15_000);
            assertThat(socket.getInputStream().read()).as("the collector closed the connection").isEqualTo(-1);
            assertThat(metric("arr_collector_tls_revoked_disconnects_total")).isEqualTo(cutBefore + 1);
        }
        assertThat(alertsFor(stack, "CN=infusion-pump-" + RUN)).first()
                .satisfies(alert -> assertThat(alertDescription(alert)).startsWith("certificate-revoked: revoked while connected: "));
        assertThat(metric("arr_collector_tls_crl_revoked")).isEqualTo(2);
        assertThatThrownBy(() -> new SampleSender(StackPorts.HOST, ports.syslogTls(), SampleSender.Protocol.TLS, tls("pump"))
                .send(List.of(CollectorToKafkaIT.message(tag, "after")))).as("nor can it connect again").isInstanceOf(IOException.class);
    }

    /** Writes the CA's new list the way a production job should: whole, then renamed over the old one. */
    private static void publishRevocations(X509Certificate... revoked) throws IOException {
        Path next = DIR.resolve("ca.crl.next");
        PemFiles.writeRevocationList(next, DevCertificates.revocationList(ca, Arrays.asList(revoked), Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(86_400)));
        Files.move(next, DIR.resolve("ca.crl"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<AuditEnvelope> alertsFor(TestStack stack, String subject) {
        return CollectorToKafkaIT.consume(stack, e -> e.event() != null && "110113".equals(e.event().eventId().code())
                && new String(e.msg(), StandardCharsets.UTF_8).contains("<ParticipantObjectName>" + subject + "<"), 1);
    }

    /** The Security Alert's description (the message carries it base64-encoded in its object detail). */
    private static String alertDescription(AuditEnvelope alert) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("type=\"Alert Description\" value=\"([A-Za-z0-9+/=]+)\"")
                .matcher(new String(alert.msg(), StandardCharsets.UTF_8));
        assertThat(value.find()).isTrue();
        return new String(java.util.Base64.getDecoder().decode(value.group(1)), StandardCharsets.UTF_8);
    }

    private static void send(SSLSocket socket, byte[] message) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(message);
        out.flush();
    }

    private static SSLContext tls(String name) {
        return SampleSender.clientContext(DIR.resolve(name + ".crt"), DIR.resolve(name + ".key"), DIR.resolve("ca.crt"));
    }

    private static DevCertificates.Issued device(String subject, Instant now) {
        return DevCertificates.leaf(ca, subject, DevCertificates.Purpose.CLIENT, List.of(), List.of(), now.minusSeconds(3600),
                now.plusSeconds(86_400));
    }

    private static double metric(String series) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports.collectorManagement() + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }
}

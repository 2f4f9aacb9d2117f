package arr.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.DevCertificates;
import arr.deploy.local.Part;
import arr.deploy.local.PemFiles;
import arr.deploy.local.SampleSender;
import arr.deploy.local.StackPorts;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.index.EventPlacement;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The collector against a real Kafka: messages sent over mutual TLS, TCP and UDP arrive in
 * {@code audit.events} as envelopes with their transport facts; a device without a valid certificate is
 * refused and audited; the metrics count what was sent. TLS material is generated for the test.
 */
@NeedsStack(Part.KAFKA)
class CollectorToKafkaIT {

    /** Small, so that the outage test crosses it: 1 MiB of envelopes waiting for Kafka. */
    private static final long HIGH_WATER = 1_048_576;

    private static final int MAX_PER_PEER = 6;

    private static ApplicationContext collector;
    private static StackPorts ports;
    private static Pki pki;

    record Pki(Path ca, Path serverCert, Path serverKey, Path deviceCert, Path deviceKey, Path otherCaDeviceCert,
               Path otherCaDeviceKey, Path expiredDeviceCert, Path expiredDeviceKey) {
    }

    @BeforeAll
    static void startCollector(TestStack stack) throws IOException {
        Path dir = Files.createDirectories(Path.of("target/collector-it-tls"));
        pki = generatePki(dir);
        ports = StackPorts.free();
        collector = ApplicationContext.run(EmbeddedServer.class, Map.ofEntries(
                Map.entry("micronaut.server.port", ports.collectorManagement()),
                Map.entry("arr.collector.tls-port", ports.syslogTls()),
                Map.entry("arr.collector.tcp-port", ports.syslogTcp()),
                Map.entry("arr.collector.udp-port", ports.syslogUdp()),
                Map.entry("arr.collector.tls.certificate", pki.serverCert().toString()),
                Map.entry("arr.collector.tls.key", pki.serverKey().toString()),
                Map.entry("arr.collector.tls.trust", pki.ca().toString()),
                Map.entry("arr.collector.limits.max-connections-per-peer", MAX_PER_PEER),
                Map.entry("arr.collector.kafka.high-water-bytes", HIGH_WATER),
                Map.entry("arr.collector.kafka.low-water-bytes", HIGH_WATER / 2),
                Map.entry("arr.collector.retention-max-age", "P6Y"),
                Map.entry("arr.collector.kafka.bootstrap", stack.kafkaBootstrap()))).getApplicationContext();
    }

    @AfterAll
    static void stopCollector() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void messagesOverTlsTcpAndUdpArriveInKafkaWithTheirTransport(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        sender(SampleSender.Protocol.TLS, deviceTls()).send(List.of(message(tag, "tls")));
        sender(SampleSender.Protocol.TCP, null).send(List.of(message(tag, "tcp")));
        sender(SampleSender.Protocol.UDP, null).send(List.of(message(tag, "udp")));

        List<AuditEnvelope> found = consumeTagged(stack, tag, 3);
        assertThat(found).extracting(e -> e.transport().protocol()).containsExactlyInAnyOrder("tls", "tcp", "udp");
        AuditEnvelope tls = found.stream().filter(e -> e.transport().protocol().equals("tls")).findFirst().orElseThrow();
        assertThat(tls.transport().tlsSubject()).contains("CN=device-1");
        assertThat(tls.validation().status().wireName()).isEqualTo("valid");
        assertThat(tls.event().source().orElseThrow().id()).isEqualTo("it-source");
        assertThat(tls.transport().syslog().msgId()).isEqualTo("IHE+RFC-3881");
        assertThat(new String(tls.msg(), StandardCharsets.UTF_8)).contains(tag);
    }

    /**
     * With the retention maximum configured (P6Y here), an event from a month already past it when it arrives is
     * filed by its receipt time and flagged: filed by its own time, it would re-create a month retention deleted.
     */
    @Test
    void anEventFromAMonthPastTheRetentionMaximumIsFlaggedAndFiledByReceiptTime(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        byte[] old = new String(message(tag, "late"), StandardCharsets.UTF_8)
                .replace("2026-11-26T10:00:00Z", "2010-03-01T10:00:00Z").getBytes(StandardCharsets.UTF_8);
        String warnings = "arr_collector_validation_total{protocol=\"tcp\",source=\"it-source\",status=\"warning\"}";
        double warningsBefore = metric(warnings);
        sender(SampleSender.Protocol.TCP, null).send(List.of(old, message(tag, "recent")));

        List<AuditEnvelope> found = consumeTagged(stack, tag, 2);
        // Counted with the verdict its document carries.
        assertThat(metric(warnings)).isEqualTo(warningsBefore + 1);

        assertThat(found).hasSize(2);
        AuditEnvelope late = found.stream().filter(e -> new String(e.msg(), StandardCharsets.UTF_8).contains("\"late\""))
                .findFirst().orElseThrow();
        assertThat(late.validation().hasIssue("EVENT_PAST_RETENTION")).as(late.validation().toString()).isTrue();
        assertThat(late.validation().status().wireName()).isEqualTo("warning");
        assertThat(EventPlacement.placementTime(late)).isEqualTo(late.receivedAt());
        AuditEnvelope recent = found.stream().filter(e -> e != late).findFirst().orElseThrow();
        assertThat(recent.validation().hasIssue("EVENT_PAST_RETENTION")).isFalse();
        assertThat(EventPlacement.placementTime(recent)).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void aDeviceWithACertificateFromAnotherCaIsRefusedAndAudited(TestStack stack) throws Exception {
        SSLContext foreign = SampleSender.clientContext(pki.otherCaDeviceCert(), pki.otherCaDeviceKey(), pki.ca());
        assertThatThrownBy(() -> sender(SampleSender.Protocol.TLS, foreign).send(List.of(message("x", "foreign"))))
                .isInstanceOf(IOException.class);
        List<AuditEnvelope> alerts = consume(stack, e -> e.event() != null && "110113".equals(e.event().eventId().code())
                && new String(e.msg(), StandardCharsets.UTF_8).contains("foreign-device"), 1);
        assertThat(alerts).isNotEmpty();
        assertThat(alerts.get(0).event().eventTypes()).extracting(c -> c.code()).contains("110126");
    }

    @Test
    void anExpiredDeviceCertificateIsRefusedAsExpired(TestStack stack) throws Exception {
        SSLContext expired = SampleSender.clientContext(pki.expiredDeviceCert(), pki.expiredDeviceKey(), pki.ca());
        assertThatThrownBy(() -> sender(SampleSender.Protocol.TLS, expired).send(List.of(message("x", "expired"))))
                .isInstanceOf(IOException.class);
        assertThat(consume(stack, e -> e.event() != null && "110113".equals(e.event().eventId().code())
                && new String(e.msg(), StandardCharsets.UTF_8).contains("expired-device"), 1)).hasSize(1);
        assertThat(metric("arr_collector_tls_handshake_failures_total{category=\"certificate-expired\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void openSslWithTheDeviceCertificateIsAcceptedAndWithoutOneRefused(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        byte[] frame = message(tag, "openssl");
        byte[] framed = concat((frame.length + " ").getBytes(StandardCharsets.US_ASCII), frame);
        OpenSsl accepted = openssl(framed, "-cert", pki.deviceCert().toString(), "-key", pki.deviceKey().toString());
        assertThat(consumeTagged(stack, tag, 1)).as("openssl output: " + accepted.output()).hasSize(1);
        double before = metric("arr_collector_tls_handshake_failures_total{category=\"no-certificate\"}");
        openssl(framed);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metric("arr_collector_tls_handshake_failures_total{category=\"no-certificate\"}")).isEqualTo(before + 1));
    }

    @Test
    void tls11AndACbcSuiteOfferedExplicitlyAreRefused() throws Exception {
        double before = metric("arr_collector_tls_handshake_failures_total{category=\"protocol-or-cipher\"}");
        OpenSsl tls11 = openssl(new byte[0], "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0",
                "-cert", pki.deviceCert().toString(), "-key", pki.deviceKey().toString());
        assertThat(tls11.exit()).as(tls11.output()).isNotZero();
        OpenSsl cbc = openssl(new byte[0], "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384",
                "-cert", pki.deviceCert().toString(), "-key", pki.deviceKey().toString());
        assertThat(cbc.exit()).as(cbc.output()).isNotZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metric("arr_collector_tls_handshake_failures_total{category=\"protocol-or-cipher\"}")).isEqualTo(before + 2));
    }

    /** The message after an oversize one on the same connection arrives too: the oversize one is skipped, not the rest. */
    @Test
    void anOversizeMessageIsRecordedAsRejectedWithItsFirstBytesAndTheNextMessageStillArrives(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        byte[] big = SampleSender.asSyslog(("<AuditMessage>" + tag + "x".repeat(300_000) + "</AuditMessage>").getBytes(StandardCharsets.UTF_8));
        byte[] next = message(tag, "after-the-oversize-one");
        sender(SampleSender.Protocol.TCP, null).send(List.of(big, next));
        List<AuditEnvelope> found = consumeTagged(stack, tag, 2);
        assertThat(found).hasSize(2);
        AuditEnvelope rejected = found.stream().filter(e -> e.rawSize() > e.raw().length).findFirst().orElseThrow();
        assertThat(rejected.validation().status().wireName()).isEqualTo("invalid");
        assertThat(rejected.validation().issues()).extracting(i -> i.code()).containsExactly("TOO_LARGE");
        assertThat(rejected.rawSize()).isEqualTo(big.length);
        assertThat(rejected.raw()).hasSize(4096);
        assertThat(found).filteredOn(e -> e != rejected).singleElement()
                .satisfies(e -> assertThat(e.validation().status().wireName()).isNotEqualTo("invalid"));
    }

    /**
     * A connection that ends without the last LF (one message per connection, as `printf ... | nc` sends it), and one
     * that ends inside an octet-counted message: the first is a message, the second kept as INCOMPLETE_FRAME. Until
     * 2026-11-28 both were dropped without a trace.
     */
    @Test
    void whatAConnectionSentBeforeEndingMidFrameIsKept(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        // On one line: LF framing ends a message at its first LF.
        byte[] whole = new String(message(tag, "no-trailer"), StandardCharsets.UTF_8).replace("\n", "").getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ports.syslogTcp())) {
            socket.getOutputStream().write(whole);
        }
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ports.syslogTcp())) {
            socket.getOutputStream().write((whole.length + " ").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(cut);
        }
        // The tag is in the first half too, so both are found by it.
        List<AuditEnvelope> found = consumeTagged(stack, tag, 2);
        assertThat(found).hasSize(2);
        assertThat(found).filteredOn(e -> !e.validation().status().wireName().equals("invalid")).singleElement()
                .satisfies(e -> assertThat(e.raw()).isEqualTo(whole));
        assertThat(found).filteredOn(e -> e.validation().status().wireName().equals("invalid")).singleElement().satisfies(e -> {
            assertThat(e.validation().issues()).extracting(i -> i.code()).containsExactly("INCOMPLETE_FRAME");
            assertThat(e.validation().issues().get(0).message()).contains("after " + cut.length + " of the " + whole.length);
            assertThat(e.raw()).isEqualTo(cut);
        });
    }

    /**
     * A message within the size limit whose document would not fit a Kafka record (its random values beyond the BMP,
     * twelve bytes each in JSON, repeated in the searched fields: about 2 MB, and over 1 MiB compressed): Kafka would
     * refuse it for good, and the collector retried it for ever. It is published as invalid with RECORD_TOO_LARGE, the message whole.
     */
    @Test
    void aMessageWhoseRecordWouldBeTooLargeForKafkaIsPublishedWholeAsInvalid(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        StringBuilder participants = new StringBuilder();
        // Random, so that the record does not compress below Kafka's limit either.
        java.util.Random random = new java.util.Random(11);
        java.util.function.Supplier<String> wide = () -> random.ints(100, 0x10000, 0x110000)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        for (int i = 0; i < 140; i++) {
            participants.append("<ActiveParticipant UserID=\"").append(wide.get()).append("\" AlternativeUserID=\"")
                    .append(wide.get()).append("\" UserName=\"").append(wide.get())
                    .append("\" UserIsRequestor=\"false\" NetworkAccessPointID=\"").append(wide.get())
                    .append("\" NetworkAccessPointTypeCode=\"1\"/>");
        }
        byte[] big = new String(message(tag, "big"), StandardCharsets.UTF_8)
                .replace("<AuditSourceIdentification", participants + "<AuditSourceIdentification")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(big.length).isBetween(150_000, 262_144);
        String tooLarge = "arr_collector_records_too_large_total{protocol=\"tcp\"}";
        double before = metric(tooLarge);

        sender(SampleSender.Protocol.TCP, null).send(List.of(big, message(tag, "after")));

        List<AuditEnvelope> found = consumeTagged(stack, tag, 2);
        assertThat(found).hasSize(2);
        AuditEnvelope quarantined = found.stream().filter(e -> e.raw().length == big.length).findFirst().orElseThrow();
        assertThat(quarantined.raw()).isEqualTo(big);
        assertThat(quarantined.validation().status().wireName()).isEqualTo("invalid");
        assertThat(quarantined.validation().issues().get(0).code()).isEqualTo("RECORD_TOO_LARGE");
        assertThat(found).filteredOn(e -> e != quarantined).singleElement()
                .satisfies(e -> assertThat(e.validation().status().wireName()).isEqualTo("valid"));
        assertThat(metric(tooLarge)).isEqualTo(before + 1);
    }

    /** What openssl s_client printed, and its exit code. */
    record OpenSsl(int exit, String output) {
    }

    private static OpenSsl openssl(byte[] input, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + ports.syslogTls(),
                "-CAfile", pki.ca().toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(input);
        process.getOutputStream().close();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new OpenSsl(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void kafkaDownForThirtySecondsUnderLoadLosesNothingDuplicatesNothingAndPushesBack(TestStack stack) throws Exception {
        String tag = "outage-" + UUID.randomUUID();
        double pausesBefore = metric("arr_collector_backpressure_pauses_total");
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        double[] maxInFlight = {0};
        // A sender that keeps going while the broker is away; bounded in count and time.
        Thread load = new Thread(() -> {
            Instant end = Instant.now().plusSeconds(120);
            while (!stop.get() && sent.get() < 3_000 && Instant.now().isBefore(end)) {
                try {
                    sendNumbered(tag, sent.get(), 100);
                    sent.addAndGet(100);
                } catch (IOException e) {
                    return;
                }
            }
        }, "outage-load");
        sendNumbered(tag, 0, 100);
        sent.set(100);
        stack.stop(Part.KAFKA);
        load.start();
        Instant restartAt = Instant.now().plusSeconds(30);
        boolean reportedDown = false;
        while (Instant.now().isBefore(restartAt)) {
            maxInFlight[0] = Math.max(maxInFlight[0], metric("arr_collector_inflight_bytes"));
            reportedDown |= healthStatus() == 503;
            Thread.sleep(500);
        }
        assertThat(reportedDown).as("/health is DOWN while nothing reaches Kafka").isTrue();
        stack.start(Part.KAFKA);
        stop.set(true);
        load.join(120_000);
        assertThat(load.isAlive()).isFalse();

        assertThat(metric("arr_collector_backpressure_pauses_total")).as("reading paused while Kafka was down")
                .isGreaterThan(pausesBefore);
        // Above the mark by at most what was read before the pause took effect (the rest of one read, up to 64 KiB of
        // messages) and what their records weigh beyond the estimate they were first counted by (a record is weighed
        // again once made, KafkaEnvelopePublisherTest): a CI run on 2026-11-28 measured 28 KB beyond 64 KiB.
        assertThat(maxInFlight[0]).as("memory stayed bounded by the high-water mark").isLessThanOrEqualTo(HIGH_WATER + 128 * 1024);
        List<AuditEnvelope> found = consume(stack, e -> new String(e.msg(), StandardCharsets.UTF_8).contains(tag), sent.get());
        List<String> users = found.stream().map(e -> e.event().participants().get(0).userId()).toList();
        assertThat(users).as("every tagged message exactly once").hasSize(sent.get()).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(healthStatus()).isEqualTo(200));
    }

    private static int healthStatus() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.collectorManagement()
                + "/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void sendNumbered(String tag, int from, int count) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            messages.add(message(tag, "user-" + i));
        }
        sender(SampleSender.Protocol.TCP, null).send(messages);
    }

    @Test
    void rsyslogForwardingOverGnuTlsDeliversToKafka(TestStack stack) throws Exception {
        Path rsyslogd = Path.of("/usr/sbin/rsyslogd");
        assertThat(rsyslogd).as("rsyslog and rsyslog-gnutls are test prerequisites (.ci/run installs them)").isExecutable();
        Path work = Files.createDirectories(Path.of("target/rsyslog-it").toAbsolutePath());
        int input = StackPorts.free().syslogUdp();
        Path config = Files.writeString(work.resolve("rsyslog.conf"), String.join("\n",
                "global(workDirectory=\"" + work + "\"",
                "  DefaultNetstreamDriver=\"gtls\"",
                "  DefaultNetstreamDriverCAFile=\"" + pki.ca().toAbsolutePath() + "\"",
                "  DefaultNetstreamDriverCertFile=\"" + pki.deviceCert().toAbsolutePath() + "\"",
                "  DefaultNetstreamDriverKeyFile=\"" + pki.deviceKey().toAbsolutePath() + "\")",
                "module(load=\"imudp\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + input + "\" ruleset=\"atna\")",
                "ruleset(name=\"atna\") {",
                "  action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + ports.syslogTls() + "\" protocol=\"tcp\"",
                "    StreamDriver=\"gtls\" StreamDriverMode=\"1\" StreamDriverAuthMode=\"x509/name\" StreamDriverPermittedPeers=\"localhost\"",
                "    TCP_Framing=\"octet-counted\" template=\"RSYSLOG_SyslogProtocol23Format\"",
                "    queue.type=\"LinkedList\" action.resumeRetryCount=\"-1\")",
                "}", ""));
        Process rsyslog = new ProcessBuilder(rsyslogd.toString(), "-n", "-f", config.toString(), "-i", work.resolve("pid").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("rsyslogd.log").toFile()).start();
        try {
            String tag = UUID.randomUUID().toString();
            String xml = new String(message(tag, "via-rsyslog"), StandardCharsets.UTF_8);
            String oneLine = xml.substring(xml.indexOf("<AuditMessage>")).replace("\n", "");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Process logger = new ProcessBuilder("logger", "-d", "-n", "127.0.0.1", "-P", Integer.toString(input), "--rfc5424",
                        "-t", "atna-device", "--msgid", "IHE+RFC-3881", oneLine).start();
                return logger.waitFor() == 0;
            });
            List<AuditEnvelope> found = consumeTagged(stack, tag, 1);
            assertThat(found).as("rsyslogd log: " + Files.readString(work.resolve("rsyslogd.log"))).isNotEmpty();
            assertThat(found.get(0).transport().protocol()).isEqualTo("tls");
            assertThat(found.get(0).transport().tlsSubject()).contains("CN=device-1");
            assertThat(found.get(0).transport().syslog().appName()).isEqualTo("atna-device");
            assertThat(found.get(0).validation().status().wireName()).isEqualTo("valid");
        } finally {
            rsyslog.destroy();
            rsyslog.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            rsyslog.destroyForcibly();
        }
    }

    @Test
    void connectionsBeyondThePerPeerLimitAreRefused() throws Exception {
        double refusedBefore = metric("arr_collector_connections_refused_total{protocol=\"tcp\",reason=\"max-connections-per-peer\"}");
        List<java.net.Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_PEER + 2; i++) {
                java.net.Socket socket = new java.net.Socket(StackPorts.HOST, ports.syslogTcp());
                socket.setSoTimeout(5_000);
                held.add(socket);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    metric("arr_collector_connections_refused_total{protocol=\"tcp\",reason=\"max-connections-per-peer\"}"))
                    .isGreaterThanOrEqualTo(refusedBefore + 2));
            long closedByCollector = held.stream().filter(CollectorToKafkaIT::closedByPeer).count();
            assertThat(closedByCollector).as("the collector closed the extra connections").isGreaterThanOrEqualTo(2);
        } finally {
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    private static boolean closedByPeer(java.net.Socket socket) {
        try {
            socket.setSoTimeout(300);
            return socket.getInputStream().read() == -1;
        } catch (IOException e) {
            return e instanceof java.net.SocketException;
        }
    }

    @Test
    void metricsCountWhatWasReceivedAndPublished() throws Exception {
        String tag = UUID.randomUUID().toString();
        double before = metric("arr_collector_received_total{protocol=\"tcp\",source=\"it-source\"}");
        sender(SampleSender.Protocol.TCP, null).send(List.of(message(tag, "m1"), message(tag, "m2"), message(tag, "m3")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(metric("arr_collector_received_total{protocol=\"tcp\",source=\"it-source\"}")).isEqualTo(before + 3));
        assertThat(metric("arr_collector_published_total{protocol=\"tcp\"}")).isGreaterThanOrEqualTo(3);
    }

    private static double metric(String series) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports.collectorManagement() + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }

    private static SampleSender sender(SampleSender.Protocol protocol, SSLContext tls) {
        int port = switch (protocol) {
            case TLS -> ports.syslogTls();
            case TCP -> ports.syslogTcp();
            case UDP -> ports.syslogUdp();
        };
        return new SampleSender(StackPorts.HOST, port, protocol, tls);
    }

    private static SSLContext deviceTls() {
        return SampleSender.clientContext(pki.deviceCert(), pki.deviceKey(), pki.ca());
    }

    static byte[] message(String tag, String user) {
        String xml = """
                <AuditMessage>
                  <EventIdentification EventActionCode="R" EventDateTime="2026-11-26T10:00:00Z" EventOutcomeIndicator="0">
                    <EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserName="%s" UserIsRequestor="true"/>
                  <AuditSourceIdentification AuditSourceID="it-source"/>
                  <ParticipantObjectIdentification ParticipantObjectID="4711^^^&amp;1.2.3&amp;ISO" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                    <ParticipantObjectName>Doe^Jane</ParticipantObjectName>
                  </ParticipantObjectIdentification>
                </AuditMessage>""".formatted(user, tag);
        return SampleSender.asSyslog(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<AuditEnvelope> consumeTagged(TestStack stack, String tag, int count) {
        return consume(stack, e -> new String(e.msg(), StandardCharsets.UTF_8).contains(tag), count);
    }

    static List<AuditEnvelope> consume(TestStack stack, java.util.function.Predicate<AuditEnvelope> wanted, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<AuditEnvelope> found = new CopyOnWriteArrayList<>();
        Instant deadline = Instant.now().plusSeconds(60);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("audit.events"));
            // Once enough are found, keep reading a little longer so that a duplicate would be seen too.
            Instant settled = null;
            while (Instant.now().isBefore(deadline) && (settled == null || Instant.now().isBefore(settled))) {
                if (settled == null && found.size() >= count) {
                    settled = Instant.now().plusSeconds(2);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    AuditEnvelope envelope = EnvelopeRecords.read(record);
                    if (wanted.test(envelope)) {
                        found.add(envelope);
                        assertThat(record.key()).isEqualTo(envelope.kafkaKey());
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static Pki generatePki(Path dir) {
        Instant now = Instant.now();
        DevCertificates.Issued ca = DevCertificates.certificateAuthority("IT CA", now.minusSeconds(3600), now.plusSeconds(86_400));
        DevCertificates.Issued server = DevCertificates.leaf(ca, "CN=localhost", DevCertificates.Purpose.SERVER,
                List.of("localhost"), List.of("127.0.0.1"), now.minusSeconds(3600), now.plusSeconds(86_400));
        DevCertificates.Issued device = DevCertificates.leaf(ca, "CN=device-1,OU=devices", DevCertificates.Purpose.CLIENT,
                List.of(), List.of(), now.minusSeconds(3600), now.plusSeconds(86_400));
        DevCertificates.Issued otherCa = DevCertificates.certificateAuthority("Other CA", now.minusSeconds(3600), now.plusSeconds(86_400));
        DevCertificates.Issued foreign = DevCertificates.leaf(otherCa, "CN=foreign-device", DevCertificates.Purpose.CLIENT,
                List.of(), List.of(), now.minusSeconds(3600), now.plusSeconds(86_400));
        DevCertificates.Issued expired = DevCertificates.leaf(ca, "CN=expired-device", DevCertificates.Purpose.CLIENT,
                List.of(), List.of(), now.minusSeconds(86_400 * 30), now.minusSeconds(86_400));
        Pki files = new Pki(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("device.crt"),
                dir.resolve("device.key"), dir.resolve("foreign.crt"), dir.resolve("foreign.key"), dir.resolve("expired.crt"),
                dir.resolve("expired.key"));
        expired.writeTo(files.expiredDeviceCert(), files.expiredDeviceKey());
        PemFiles.writeCertificate(files.ca(), ca.certificate());
        server.writeTo(files.serverCert(), files.serverKey());
        device.writeTo(files.deviceCert(), files.deviceKey());
        foreign.writeTo(files.otherCaDeviceCert(), files.otherCaDeviceKey());
        return files;
    }
}

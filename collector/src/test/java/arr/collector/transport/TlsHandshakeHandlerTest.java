package arr.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.collector.audit.SelfAuditMessages;
import arr.collector.config.CollectorConfig;
import arr.collector.metrics.CollectorMetrics;
import arr.collector.pipeline.CollectorPipeline;
import arr.collector.pipeline.EnvelopeFactory;
import arr.collector.publish.InFlightGate;
import arr.collector.publish.KafkaEnvelopePublisher;
import arr.deploy.local.DevCertificates;
import arr.deploy.local.PemFiles;
import arr.schemas.envelope.RecordSizeLimit;
import arr.schemas.validation.AuditMessageValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node authentication with real TLS engines on both ends, the bytes carried between them by hand: so the device's
 * last handshake message and its first syslog message arrive in one read, as they do from a TLS 1.3 client.
 */
class TlsHandshakeHandlerTest {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3");
    private static final List<String> CIPHERS = List.of("TLS_AES_128_GCM_SHA256");

    @TempDir
    Path dir;

    private SslContextFactory.ServerTls serverTls;
    private SslContext clientTls;
    private MockProducer<String, byte[]> kafka;
    private CollectorPipeline pipeline;
    private KafkaEnvelopePublisher publisher;
    private final List<String> passedOn = new ArrayList<>();
    private final List<Channel> joined = new ArrayList<>();

    private DevCertificates.Issued ca;
    private DevCertificates.Issued device;

    @BeforeEach
    void tls() throws Exception {
        Instant now = Instant.now();
        ca = DevCertificates.certificateAuthority("Test CA", now.minusSeconds(60), now.plusSeconds(3600));
        DevCertificates.Issued server = DevCertificates.leaf(ca, "CN=localhost", DevCertificates.Purpose.SERVER,
                List.of("localhost"), List.of("127.0.0.1"), now.minusSeconds(60), now.plusSeconds(3600));
        device = DevCertificates.leaf(ca, "CN=modality-7", DevCertificates.Purpose.CLIENT,
                List.of(), List.of(), now.minusSeconds(60), now.plusSeconds(3600));
        server.writeTo(dir.resolve("server.crt"), dir.resolve("server.key"));
        device.writeTo(dir.resolve("device.crt"), dir.resolve("device.key"));
        ca.writeTo(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        serverTls = SslContextFactory.server(new CollectorConfig.Tls(dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("ca.crt"), List.of(), null, Duration.ofMinutes(1), PROTOCOLS, CIPHERS));
        clientTls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                .keyManager(dir.resolve("device.crt").toFile(), dir.resolve("device.key").toFile())
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        CollectorMetrics metrics = new CollectorMetrics(new SimpleMeterRegistry());
        publisher = new KafkaEnvelopePublisher(kafka, "audit.events", new RecordSizeLimit(RecordSizeLimit.DEFAULT_MAX_BYTES),
                new InFlightGate(1 << 20, 1 << 19), metrics);
        pipeline = new CollectorPipeline(new EnvelopeFactory(AuditMessageValidator.withDefaults(), Clock.systemUTC(), 65_536),
                publisher, metrics);
    }

    private boolean closed;

    /** Drains what the publisher holds (it sends on its own thread), so that the history is complete. */
    private void closePublisher() {
        if (!closed) {
            closed = true;
            publisher.close(Duration.ofSeconds(5));
        }
    }

    @AfterEach
    void close() {
        closePublisher();
    }

    @Test
    void aTrustedDeviceNotOnTheAllowListHasNothingReadEvenWhatCameWithItsHandshake() {
        EmbeddedChannel server = serverChannel(List.of("CN=another-device"));
        EmbeddedChannel client = new EmbeddedChannel(clientTls.newHandler(ByteBufAllocator.DEFAULT));

        handshakeWithFirstMessage(client, server);

        assertThat(passedOn).as("nothing read from a refused device").isEmpty();
        assertThat(joined).isEmpty();
        assertThat(server.isOpen()).isFalse();
        // The publisher sends on its own thread: wait for the alert, then for anything else that could follow it.
        await().atMost(Duration.ofSeconds(10)).until(() -> !kafka.history().isEmpty());
        closePublisher();
        assertThat(kafka.history()).as("only the Security Alert of the refusal").singleElement()
                .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("110113"));
    }

    @Test
    void anAllowedDeviceHasItsFirstMessageReadAndItsSubjectRecorded() {
        EmbeddedChannel server = serverChannel(List.of("CN=modality-7"));
        EmbeddedChannel client = new EmbeddedChannel(clientTls.newHandler(ByteBufAllocator.DEFAULT));

        handshakeWithFirstMessage(client, server);

        assertThat(passedOn).containsExactly("<85>1 - first message");
        assertThat(joined).containsExactly(server);
        assertThat(server.attr(PeerIdentity.SUBJECT).get()).isEqualTo("CN=modality-7");
        closePublisher();
        assertThat(kafka.history()).as("no alert").isEmpty();
    }

    @Test
    void aDeviceWhoseCertificateIsRevokedIsRefusedAsRevokedWithNothingRead() {
        PemFiles.writeRevocationList(dir.resolve("ca.crl"), DevCertificates.revocationList(ca, List.of(device.certificate()),
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)));
        serverTls = SslContextFactory.server(new CollectorConfig.Tls(dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("ca.crt"), List.of(), dir.resolve("ca.crl").toString(), Duration.ofMinutes(1), PROTOCOLS, CIPHERS));
        EmbeddedChannel server = serverChannel(List.of());
        EmbeddedChannel client = refusableClient();

        handshakeWithFirstMessage(client, server);

        assertThat(passedOn).as("nothing read from a revoked device").isEmpty();
        assertThat(joined).isEmpty();
        assertThat(server.isOpen()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !kafka.history().isEmpty());
        closePublisher();
        String alert = new String(kafka.history().get(0).value(), StandardCharsets.UTF_8);
        assertThat(kafka.history()).hasSize(1);
        assertThat(alert).contains("110113").contains("CN=modality-7");
        assertThat(alertDescription(alert)).startsWith("certificate-revoked: ").contains("KEY_COMPROMISE");
    }

    /**
     * A handshake the trust manager passed with the lists in force then, completing just as new ones take effect, is
     * checked against the new ones by the handler: the sweep of open connections leaves a connection in its handshake
     * to it.
     */
    @Test
    void aHandshakeCompletingAsNewListsTakeEffectIsCheckedAgainstThem() {
        PemFiles.writeRevocationList(dir.resolve("ca.crl"), DevCertificates.revocationList(ca, List.of(device.certificate()),
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)));
        RevocationLists newer = RevocationLists.read(dir.resolve("ca.crl"), new X509Certificate[] {ca.certificate()},
                Clock.systemUTC());
        // The trust manager keeps the old lists (none), the handler sees the new ones: as if they took effect in between.
        serverTls = new SslContextFactory.ServerTls(serverTls.context(), serverTls.trustManager(), newer);
        EmbeddedChannel server = serverChannel(List.of());
        EmbeddedChannel client = refusableClient();

        handshakeWithFirstMessage(client, server);

        assertThat(passedOn).isEmpty();
        assertThat(joined).isEmpty();
        assertThat(server.isOpen()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !kafka.history().isEmpty());
        closePublisher();
        assertThat(kafka.history()).hasSize(1);
        assertThat(alertDescription(new String(kafka.history().get(0).value(), StandardCharsets.UTF_8)))
                .startsWith("certificate-revoked: ");
    }

    /**
     * New lists that revoke a connected device close its connection, on the connection's own event loop, and record it;
     * a connection still in its handshake is left to its handshake handler, and an unchanged file closes nothing.
     */
    @Test
    void newListsCutOffAConnectedDeviceTheyRevokeOnItsEventLoop() {
        Path crl = dir.resolve("ca.crl");
        PemFiles.writeRevocationList(crl, DevCertificates.revocationList(ca, List.of(), Instant.now().minusSeconds(600),
                Instant.now().plusSeconds(3600)));
        serverTls = SslContextFactory.server(new CollectorConfig.Tls(dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("ca.crt"), List.of(), crl.toString(), Duration.ofMinutes(1), PROTOCOLS, CIPHERS));
        EmbeddedChannel connected = serverChannel(List.of());
        handshakeWithFirstMessage(refusableClient(), connected);
        assertThat(passedOn).containsExactly("<85>1 - first message");
        EmbeddedChannel inHandshake = serverChannel(List.of());
        EmbeddedChannel secondClient = refusableClient();
        carry(secondClient, inHandshake); // its ClientHello only
        RevocationRefresher refresher = new RevocationRefresher(serverTls.revocations(), List.of(connected, inHandshake),
                pipeline, new SelfAuditMessages("collector", "1"));

        refresher.refresh();
        connected.runPendingTasks();
        assertThat(connected.isOpen()).as("unchanged file").isTrue();

        PemFiles.writeRevocationList(crl, DevCertificates.revocationList(ca, List.of(device.certificate()),
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)));
        refresher.refresh();
        assertThat(connected.isOpen()).as("not checked on the timer's thread").isTrue();
        connected.runPendingTasks();
        inHandshake.runPendingTasks();

        assertThat(connected.isOpen()).isFalse();
        assertThat(inHandshake.isOpen()).as("left to its handshake handler").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !kafka.history().isEmpty());
        closePublisher();
        assertThat(kafka.history()).as("one alert, for the connected device").hasSize(1);
        assertThat(alertDescription(new String(kafka.history().get(0).value(), StandardCharsets.UTF_8)))
                .startsWith("certificate-revoked: revoked while connected: ");
    }

    /** A device's side that takes the server's refusal alert quietly. */
    private EmbeddedChannel refusableClient() {
        return new EmbeddedChannel(clientTls.newHandler(ByteBufAllocator.DEFAULT), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }

    /** The Security Alert's description, which the message carries base64-encoded in its object detail. */
    private static String alertDescription(String envelopeJson) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("type=\\\\\"Alert Description\\\\\" value=\\\\\"([A-Za-z0-9+/=]+)")
                .matcher(envelopeJson);
        assertThat(value.find()).as(envelopeJson).isTrue();
        return new String(java.util.Base64.getDecoder().decode(value.group(1)), StandardCharsets.UTF_8);
    }

    /** Carries the handshake across, and sends the device's first message in the same flight as its Finished. */
    private void handshakeWithFirstMessage(EmbeddedChannel client, EmbeddedChannel server) {
        boolean sent = false;
        for (int round = 0; round < 10 && server.isOpen(); round++) {
            carry(client, server);
            carry(server, client);
            if (!sent && client.pipeline().get(io.netty.handler.ssl.SslHandler.class).handshakeFuture().isSuccess()) {
                client.writeOutbound(Unpooled.copiedBuffer("<85>1 - first message", StandardCharsets.UTF_8));
                sent = true;
            }
        }
        assertThat(sent).as("the client finished its handshake").isTrue();
        carry(client, server);
    }

    /** Everything one side wrote, as one read on the other side. */
    private static void carry(EmbeddedChannel from, EmbeddedChannel to) {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = from.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ReferenceCountUtil.release(o);
        }
        if (all.isReadable() && to.isOpen()) {
            to.writeInbound(all);
        } else {
            all.release();
        }
    }

    private EmbeddedChannel serverChannel(List<String> allowedPeers) {
        EmbeddedChannel server = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 50_000);
            }
        };
        server.pipeline().addLast(serverTls.context().newHandler(server.alloc()),
                new TlsHandshakeHandler(serverTls, allowedPeers, pipeline, new SelfAuditMessages("collector", "1"),
                        joined::add),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object message) {
                        passedOn.add(((ByteBuf) message).toString(StandardCharsets.UTF_8));
                        ReferenceCountUtil.release(message);
                    }

                    /** A refused handshake's exception ends here, as in the collector's own last handler. */
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                });
        return server;
    }
}

package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SampleSenderTest {

    @Test
    @Timeout(30)
    void tlsToAPortThatNeverAnswersTheHandshakeFailsNamingThePortInsteadOfHanging() throws Exception {
        // A plain TCP syslog port: it accepts the connection, reads the ClientHello as data and never answers.
        // The listen backlog completes the connection without an accept.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SampleSender sender = new SampleSender("127.0.0.1", silent.getLocalPort(), SampleSender.Protocol.TLS,
                    SSLContext.getDefault(), Duration.ofSeconds(1));

            assertThatThrownBy(() -> sender.send(List.of(new byte[] {'<'})))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no TLS handshake answer from 127.0.0.1:" + silent.getLocalPort() + " within 1 s");
        }
    }

    /** Until 2026-11-28 --udp exited 0 even when nothing listened: a connected socket hears the host's port unreachable. */
    @Test
    @Timeout(30)
    void udpToAPortNothingListensOnFailsNamingThePort() throws Exception {
        int closed;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        SampleSender nobody = new SampleSender("127.0.0.1", closed, SampleSender.Protocol.UDP, SSLContext.getDefault(),
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> nobody.send(List.of(new byte[] {'<'}, new byte[] {'<'})))
                .isInstanceOf(IOException.class).hasMessageContaining("nothing listens on UDP 127.0.0.1:" + closed);

        try (java.net.DatagramSocket collector = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            SampleSender sender = new SampleSender("127.0.0.1", collector.getLocalPort(), SampleSender.Protocol.UDP,
                    SSLContext.getDefault(), Duration.ofSeconds(1));
            sender.send(List.of("<85>1 - - - - - - <AuditMessage/>".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            collector.setSoTimeout(5_000);
            java.net.DatagramPacket received = new java.net.DatagramPacket(new byte[100], 100);
            collector.receive(received);
            org.assertj.core.api.Assertions.assertThat(received.getLength()).isPositive();
        }
    }
}

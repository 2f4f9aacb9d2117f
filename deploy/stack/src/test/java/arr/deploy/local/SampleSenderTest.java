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
}

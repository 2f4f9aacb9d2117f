package arr.query;

import arr.deploy.local.LocalPki;
import arr.deploy.local.SampleSender;
import arr.deploy.testing.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sends audit messages to the stack's collector over mutual TLS, as a device does. */
final class Devices {

    private Devices() {
    }

    static void send(TestStack stack, List<String> xmlMessages) throws IOException {
        LocalPki pki = stack.pki();
        new SampleSender("127.0.0.1", stack.ports().syslogTls(), SampleSender.Protocol.TLS,
                SampleSender.clientContext(pki.deviceCertificate(), pki.deviceKey(), pki.caCertificate()))
                .send(xmlMessages.stream().map(xml -> SampleSender.asSyslog(xml.getBytes(StandardCharsets.UTF_8))).toList());
    }
}

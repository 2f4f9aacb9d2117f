package arr.deploy.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Sends audit XML files the way a device does (RFC 5424 messages; octet counting over TLS and TCP as
 * RFC 5425 asks; one datagram each over UDP). Over TLS it presents a client certificate and trusts
 * only the given CA. {@code deploy/bin/send} uses it with the local stack's device certificate.
 */
public final class SampleSender {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    /** How to reach the collector. */
    public enum Protocol { TLS, TCP, UDP }

    /** How long a TLS handshake may wait for the server's first answer (a plain TCP port never gives one). */
    static final java.time.Duration HANDSHAKE_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final Protocol protocol;
    private final SSLContext tls;
    private final java.time.Duration handshakeTimeout;

    public SampleSender(String host, int port, Protocol protocol, SSLContext tls) {
        this(host, port, protocol, tls, HANDSHAKE_TIMEOUT);
    }

    SampleSender(String host, int port, Protocol protocol, SSLContext tls, java.time.Duration handshakeTimeout) {
        this.host = host;
        this.port = port;
        this.protocol = protocol;
        this.tls = tls;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** An SSL context presenting {@code certificate}/{@code key} (PEM, PKCS#8) and trusting only {@code ca}. */
    public static SSLContext clientContext(Path certificate, Path key, Path ca) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----|\\s", "");
            PrivateKey privateKey = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            keys.setKeyEntry("device", privateKey, new char[0], new Certificate[] {PemFiles.readCertificate(certificate)});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            X509ExtendedKeyManager chosen = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", PemFiles.readCertificate(ca));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            // Present the certificate even when its issuer is not among the CAs the server names, as a
            // misconfigured device would: the server, not the client, must be the one that refuses.
            context.init(new KeyManager[] {new AlwaysPresent(chosen)}, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new StackException("cannot load the device certificate " + certificate + ": " + e.getMessage(), e);
        }
    }

    /** The file as a syslog message: as is when it already is one, else wrapped in an IHE RFC 5424 header. */
    public static byte[] asSyslog(byte[] content) {
        if (content.length > 1 && content[0] == '<' && Character.isDigit(content[1])) {
            return content;
        }
        String header = "<85>1 " + OffsetDateTime.now(ZoneOffset.UTC).format(TIMESTAMP) + " " + hostname()
                + " arr-send " + ProcessHandle.current().pid() + " IHE+RFC-3881 - \uFEFF";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + content.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(content, 0, message, head.length, content.length);
        return message;
    }

    /**
     * One datagram per message, on a connected socket: when nothing listens on the port, the host answers with an ICMP
     * "port unreachable", which a connected socket reports at its next send or receive. So a collector that is not
     * there is seen (a datagram lost on the way, or refused by a collector that is there, still is not: UDP has no
     * acknowledgement).
     */
    private void sendDatagrams(List<byte[]> messages) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(InetAddress.getByName(host), port);
            for (byte[] message : messages) {
                socket.send(new DatagramPacket(message, message.length));
            }
            socket.setSoTimeout(300);
            socket.receive(new DatagramPacket(new byte[1], 1));
        } catch (java.net.PortUnreachableException e) {
            throw new IOException("nothing listens on UDP " + host + ":" + port + " (the host answered port unreachable)", e);
        } catch (java.net.SocketTimeoutException e) {
            // No ICMP error within the wait: the datagrams were taken by something listening (or lost on the way).
        }
    }

    /** Sends every message on one connection (or as datagrams); throws when the collector refuses. */
    public void send(List<byte[]> messages) throws IOException {
        if (protocol == Protocol.UDP) {
            sendDatagrams(messages);
            return;
        }
        try (Socket socket = protocol == Protocol.TLS ? tlsSocket() : new Socket(host, port)) {
            OutputStream out = socket.getOutputStream();
            for (byte[] message : messages) {
                out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(message);
            }
            out.flush();
            socket.shutdownOutput();
            // Wait a little for the collector to close its side (it has read everything by then). A collector
            // that is pushing back may take longer; everything is written, so that is not a failure.
            socket.setSoTimeout(10_000);
            try {
                while (socket.getInputStream().read() >= 0) {
                    // the collector sends nothing back
                }
            } catch (java.net.SocketTimeoutException e) {
                return;
            }
        }
    }

    private Socket tlsSocket() throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
        socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        socket.setSoTimeout((int) handshakeTimeout.toMillis());
        try {
            socket.startHandshake();
        } catch (java.net.SocketTimeoutException e) {
            socket.close();
            throw new IOException("no TLS handshake answer from " + host + ":" + port + " within " + handshakeTimeout.toSeconds()
                    + " s: is it the collector's TLS port (a plain TCP syslog port never answers)?", e);
        }
        // TLS 1.3 reports a refused client certificate only on the first read after the handshake.
        socket.setSoTimeout(300);
        try {
            if (socket.getInputStream().read() < 0) {
                throw new IOException("the collector closed the connection after the handshake");
            }
        } catch (java.net.SocketTimeoutException e) {
            return socket;
        }
        return socket;
    }

    /** A key manager that offers its one certificate whatever the server asks for. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;

        AlwaysPresent(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return "device";
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
            return "device";
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {"device"};
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}

package arr.deploy.load;

import arr.deploy.local.SampleSender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Sends a bounded number of realistic audit messages (see {@link RealisticMessages}) over N TLS or TCP
 * connections in parallel, as fast as the collector reads them, octet-counted. Loopback only; bounded in
 * count and time. Messages are generated before the clock starts, so generation is not measured.
 */
public final class LoadGenerator {

    /** What one run sent. */
    public record Result(long messages, long bytes, Duration elapsed) {

        public double messagesPerSecond() {
            return messages / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }
    }

    private final String host;
    private final int port;
    private final SSLContext tls;

    /** @param tls the client context for TLS, or null for plain TCP */
    public LoadGenerator(String host, int port, SSLContext tls) {
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            throw new IllegalArgumentException("load is only ever sent to loopback addresses, not " + host);
        }
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    /** Pre-generates {@code messagesPerConnection} frames for each connection, every event happening now. */
    public static List<byte[]> frames(int connections, int messagesPerConnection, long seed) {
        return frames(connections, messagesPerConnection, seed, RealisticMessages::now);
    }

    /** Pre-generates {@code messagesPerConnection} frames for each connection, with event times from {@code eventTimes}. */
    public static List<byte[]> frames(int connections, int messagesPerConnection, long seed, Supplier<OffsetDateTime> eventTimes) {
        List<byte[]> perConnection = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            RealisticMessages messages = new RealisticMessages(seed + c, 100_000, 5_000);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(messagesPerConnection * 2_000);
            for (int i = 0; i < messagesPerConnection; i++) {
                byte[] message = messages.next(eventTimes.get());
                out.writeBytes((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(message);
            }
            perConnection.add(out.toByteArray());
        }
        return perConnection;
    }

    /** Sends each connection's frames; returns when every connection has written everything and closed. */
    public Result send(List<byte[]> perConnection, int messagesPerConnection, Duration limit) throws InterruptedException {
        AtomicLong bytes = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (byte[] frames : perConnection) {
            Thread thread = new Thread(() -> {
                try (Socket socket = open()) {
                    socket.setSoTimeout((int) limit.toMillis());
                    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
                    out.write(frames);
                    out.flush();
                    socket.shutdownOutput();
                    while (socket.getInputStream().read() >= 0) {
                        // wait for the collector to close: it has read everything by then
                    }
                    bytes.addAndGet(frames.length);
                } catch (IOException e) {
                    failures.add(e);
                }
            }, "load-" + threads.size());
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(limit.toMillis());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("load connection failed: " + failures.get(0), failures.get(0));
        }
        return new Result((long) perConnection.size() * messagesPerConnection, bytes.get(), elapsed);
    }

    private Socket open() throws IOException {
        if (tls == null) {
            return new Socket(host, port);
        }
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
        socket.startHandshake();
        return socket;
    }

    static SSLContext deviceContext(java.nio.file.Path tlsDir) {
        return SampleSender.clientContext(tlsDir.resolve("device.crt"), tlsDir.resolve("device.key"), tlsDir.resolve("ca.crt"));
    }
}

package arr.query.bench;

import arr.deploy.load.RealisticMessages;
import arr.schemas.chain.CanonicalJson;
import arr.schemas.chain.ChainHashes;
import arr.schemas.chain.ChainedDocuments;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.Transport;
import arr.schemas.index.AuditDocuments;
import arr.schemas.index.ChainLink;
import arr.schemas.validation.AuditMessageValidator;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Generates realistic audit events spread over the past year and bulk-loads them into the running stack's
 * Elasticsearch exactly as the indexer would store them (validated, normalized, canonical, chained per monthly index),
 * skipping syslog and Kafka to save time. Marked by their peer address so that a second run reuses them.
 */
final class BenchmarkData {

    static final String PEER = "198.51.100.7";
    /** A chain partition no Kafka partition has, so the indexer never continues these chains. */
    static final int BENCH_PARTITION = 99;
    static final int PATIENTS = 100_000;
    static final int USERS = 5_000;
    static final String AUTHORITY = "^^^&1.3.6.1.4.1.21367.2017.2.5.83&ISO";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BenchmarkData() {
    }

    static long loaded(String es) throws Exception {
        String body = send(es, "POST", "/audit-events/_count?ignore_unavailable=true",
                "{\"query\":{\"term\":{\"chain.partition\":" + BENCH_PARTITION + "}}}");
        int at = body.indexOf("\"count\":");
        return at < 0 ? 0 : Long.parseLong(body.substring(at + 8, body.indexOf(',', at)));
    }

    /** Loads {@code count} events with event times evenly spread over the year before {@code now}. */
    static void load(String es, long count, OffsetDateTime now) throws Exception {
        AuditMessageValidator validator = AuditMessageValidator.withDefaults();
        RealisticMessages generator = new RealisticMessages(42, PATIENTS, USERS);
        Map<String, String> heads = new HashMap<>();
        Map<String, Long> sequences = new HashMap<>();
        long yearMillis = 365L * 24 * 3600 * 1000;
        BlockingQueue<byte[]> bodies = new ArrayBlockingQueue<>(8);
        ExecutorService senders = Executors.newFixedThreadPool(2);
        Future<?>[] running = new Future<?>[2];
        for (int s = 0; s < running.length; s++) {
            running[s] = senders.submit(() -> {
                for (byte[] body = bodies.take(); body.length > 0; body = bodies.take()) {
                    String answer = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/_bulk"))
                            .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    if (answer.contains("\"errors\":true")) {
                        throw new IllegalStateException("bulk had errors: " + answer.substring(0, Math.min(answer.length(), 800)));
                    }
                }
                return null;
            });
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long started = System.nanoTime();
        for (long i = 0; i < count; i++) {
            OffsetDateTime eventTime = now.minusNanos((yearMillis - i * yearMillis / count) * 1_000_000L);
            AuditEnvelope envelope = EnvelopeCapture.capture(validator, eventTime.toInstant().plusMillis(150), generator.next(eventTime),
                    Transport.TLS, PEER, 50_000, "CN=bench-device");
            String index = "audit-events-" + eventTime.withOffsetSameInstant(ZoneOffset.UTC).format(MONTH);
            String previous = heads.computeIfAbsent(index, k -> ChainHashes.genesis(k, BENCH_PARTITION));
            long sequence = sequences.merge(index, 1L, Long::sum);
            byte[] canonical = CanonicalJson.of(AuditDocuments.of(envelope, null));
            String hash = ChainHashes.link(previous, envelope.raw(), canonical);
            heads.put(index, hash);
            body.writeBytes(("{\"create\":{\"_index\":\"" + index + "\",\"_id\":\"" + envelope.id() + "\"}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(ChainedDocuments.withLink(canonical, new ChainLink(BENCH_PARTITION, i, sequence, hash, previous)));
            body.write('\n');
            if ((i + 1) % 1000 == 0 || i + 1 == count) {
                bodies.put(body.toByteArray());
                body.reset();
            }
            if ((i + 1) % 100_000 == 0) {
                System.err.printf("loaded %,d events (%.0f/s)%n", i + 1, (i + 1) / ((System.nanoTime() - started) / 1e9));
            }
        }
        for (Future<?> ignored : running) {
            bodies.put(new byte[0]);
        }
        for (Future<?> sender : running) {
            sender.get();
        }
        senders.shutdown();
        send(es, "POST", "/audit-events/_refresh", "");
    }

    static String send(String es, String method, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(es + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}

package arr.indexer.bench;

import arr.deploy.load.LoadGenerator;
import arr.deploy.load.RealisticMessages;
import arr.deploy.local.PidFile;
import arr.deploy.local.SampleSender;
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
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code deploy/bin/bench-pipeline}: end to end on the running local stack, from the first syslog message sent over
 * mutual TLS to the last one searchable in Elasticsearch, with the CPU every process spent per message; then, in the
 * same run and the same Elasticsearch, the ceiling: the same documents bulk-loaded directly (two concurrent bulk
 * requests of 1,000, like the indexer); and the same messages as documents holding only the raw XML as analyzed text,
 * for Elasticsearch's CPU per document. Not a test: numbers go to the README.
 */
public final class PipelineBenchmark {

    private static final long TICKS_PER_SECOND = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_TREE = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final com.fasterxml.jackson.databind.ObjectMapper SMILE =
            new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.smile.SmileFactory());

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args.length > 0 ? args[0] : ".local-stack");
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int perConnection = args.length > 2 ? Integer.parseInt(args[2]) : 25_000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int jitWarmUp = args.length > 4 ? Integer.parseInt(args[4]) : 400_000;
        Map<String, String> env = credentials(state);
        String es = env.get("AUDIT_ES_URL");
        int tlsPort = Integer.parseInt(env.get("AUDIT_SYSLOG_TLS_PORT"));
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String part : List.of("collector", "kafka", "indexer", "elasticsearch")) {
            pids.put(part, new PidFile(state.resolve("run").resolve(part + ".pid")).liveProcess()
                    .orElseThrow(() -> new IllegalStateException(part + " is not running: start the stack with deploy/bin/up")).pid());
        }
        Path tls = state.resolve("tls");
        LoadGenerator load = new LoadGenerator("127.0.0.1", tlsPort,
                SampleSender.clientContext(tls.resolve("device.crt"), tls.resolve("device.key"), tls.resolve("ca.crt")));
        System.out.printf("%d connections x %d messages per run, %d measured runs after %d messages of JIT warm-up and one "
                + "warm-up run%n", connections, perConnection, runs, jitWarmUp);
        // On a shared VM single runs swing widely (the ceiling alone by ~1.4x): the medians are the figures to quote.
        // A freshly started collector's JIT compiles for ~2 CPU minutes over its first ~400,000-500,000 messages
        // (jstat -compiler, 2026-11-27), which the first runs would otherwise pay: the runs measure a service that
        // has been running for a while, as a repository's does.
        for (int sent = 0, round = 1; sent < jitWarmUp; sent += connections * perConnection, round++) {
            Measure warm = endToEnd(load, es, connections, perConnection, 6_000L + round, unusedMonth(es), pids);
            System.out.printf("JIT warm-up %d: end to end %.0f msg/s; CPU us per message: %s%n", round, warm.perSecond(),
                    warm.cpuText());
        }
        Map<String, List<Double>> measured = new LinkedHashMap<>();
        for (int run = 0; run <= runs; run++) {
            long seed = 7_000L + run * 100;
            // Each run's events happen in a month with no index yet, so the end-to-end documents go into a fresh
            // monthly index, as the ceiling's do: a month index already holding millions of documents (every earlier
            // run on this stack) would charge the end-to-end phase for merging them again.
            YearMonth month = unusedMonth(es);
            Measure e2e = endToEnd(load, es, connections, perConnection, seed, month, pids);
            List<byte[]> messages = messages(connections, perConnection, seed, month);
            List<byte[]> structured = structuredDocuments(messages);
            Measure direct = bulk(es, "audit-events-bench.direct", structured, pids.get("elasticsearch"));
            Measure rawText = bulk(es, "bench-rawtext", rawTextDocuments(messages), pids.get("elasticsearch"));
            delete(es, "audit-events-bench.direct");
            delete(es, "bench-rawtext");
            String label = (run == 0 ? "warm-up" : "run " + run) + " (events in " + indexOf(month) + ")";
            System.out.printf("%s: end to end %.0f msg/s (%.2f of the ceiling); direct bulk %.0f docs/s; raw-text bulk %.0f docs/s%n",
                    label, e2e.perSecond(), e2e.perSecond() / direct.perSecond(), direct.perSecond(), rawText.perSecond());
            System.out.printf("  CPU us per message end to end: %s%n", e2e.cpuText());
            System.out.printf("  Elasticsearch CPU us per document: end to end %.1f, direct bulk %.1f, raw XML as analyzed text %.1f%n",
                    e2e.cpu().get("elasticsearch"), direct.cpu().get("elasticsearch"), rawText.cpu().get("elasticsearch"));
            if (run > 0) {
                measured.computeIfAbsent("end to end msg/s", k -> new ArrayList<>()).add(e2e.perSecond());
                measured.computeIfAbsent("ratio to ceiling", k -> new ArrayList<>()).add(e2e.perSecond() / direct.perSecond());
                measured.computeIfAbsent("ceiling docs/s", k -> new ArrayList<>()).add(direct.perSecond());
                e2e.cpu().forEach((part, us) -> measured.computeIfAbsent(part + " us/msg", k -> new ArrayList<>()).add(us));
                measured.computeIfAbsent("ES us/doc direct bulk", k -> new ArrayList<>()).add(direct.cpu().get("elasticsearch"));
                measured.computeIfAbsent("ES us/doc raw text", k -> new ArrayList<>()).add(rawText.cpu().get("elasticsearch"));
            }
        }
        StringBuilder medians = new StringBuilder("median of the measured runs:");
        measured.forEach((name, values) -> medians.append(String.format(" %s %.2f;", name, median(values))));
        System.out.println(medians);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    record Measure(double perSecond, Map<String, Double> cpu) {
        String cpuText() {
            StringBuilder out = new StringBuilder();
            cpu.forEach((k, v) -> out.append(String.format("%s %.1f, ", k, v)));
            return out.substring(0, out.length() - 2);
        }
    }

    /** The first month of 1990–1999 without an {@code audit-events} index on this stack. */
    static YearMonth unusedMonth(String es) throws IOException, InterruptedException {
        for (YearMonth month = YearMonth.of(1990, 1); month.getYear() < 2000; month = month.plusMonths(1)) {
            HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/" + indexOf(month))).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() == 404) {
                return month;
            }
        }
        throw new IllegalStateException("every month of 1990-1999 already has a benchmark index on this stack: "
                + "clear it with deploy/bin/down --purge");
    }

    private static String indexOf(YearMonth month) {
        return String.format("audit-events-%04d.%02d", month.getYear(), month.getMonthValue());
    }

    /** Event times inside {@code month}, one second apart from its 2nd day on (the same sequence for the same month). */
    private static Supplier<OffsetDateTime> eventTimes(YearMonth month) {
        OffsetDateTime first = month.atDay(2).atStartOfDay().atOffset(ZoneOffset.UTC);
        AtomicLong next = new AtomicLong();
        return () -> first.plusSeconds(next.getAndIncrement() % 2_000_000);
    }

    private static Measure endToEnd(LoadGenerator load, String es, int connections, int perConnection, long seed,
                                    YearMonth month, Map<String, Long> pids) throws Exception {
        List<byte[]> frames = LoadGenerator.frames(connections, perConnection, seed, eventTimes(month));
        long total = (long) connections * perConnection;
        awaitIdle(pids.get("elasticsearch"));
        long before = count(es, "audit-events,audit-quarantine");
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((part, pid) -> ticks.put(part, cpuTicks(pid)));
        long ownBefore = ownCpuNanos();
        long start = System.nanoTime();
        load.send(frames, perConnection, Duration.ofMinutes(10));
        long ownAfterSend = ownCpuNanos();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (count(es, "audit-events,audit-quarantine") < before + total) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not every message became searchable within 10 minutes");
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitIdle(pids.get("elasticsearch"));
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("load generator", (ownAfterSend - ownBefore) / 1e3 / total);
        pids.forEach((part, pid) -> cpu.put(part, (cpuTicks(pid) - ticks.get(part)) * 1e6 / TICKS_PER_SECOND / total));
        return new Measure(total / seconds, cpu);
    }

    /** The individual syslog messages of {@link LoadGenerator#frames} (same generator, same seeds). */
    private static List<byte[]> messages(int connections, int perConnection, long seed, YearMonth month) {
        Supplier<OffsetDateTime> times = eventTimes(month);
        List<byte[]> out = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            RealisticMessages generator = new RealisticMessages(seed + c, 100_000, 5_000);
            for (int i = 0; i < perConnection; i++) {
                out.add(generator.next(times.get()));
            }
        }
        return out;
    }

    /** Exactly what the indexer sends: canonical document bytes with a chain link (its {@code _id} is its {@code id} field). */
    static List<byte[]> structuredDocuments(List<byte[]> messages) {
        AuditMessageValidator validator = AuditMessageValidator.withDefaults();
        List<byte[]> out = new ArrayList<>();
        String previous = ChainHashes.genesis("audit-events-bench.direct", 0);
        long sequence = 0;
        for (byte[] message : messages) {
            AuditEnvelope envelope = EnvelopeCapture.capture(validator, Instant.now(), message, Transport.TLS, "127.0.0.1", 50_000,
                    "CN=dev-device-1");
            byte[] canonical = CanonicalJson.of(AuditDocuments.of(envelope, null));
            String hash = ChainHashes.link(previous, envelope.raw(), canonical);
            out.add(ChainedDocuments.withLink(canonical, new ChainLink(0, sequence, ++sequence, hash, previous)));
            previous = hash;
        }
        return out;
    }

    static List<byte[]> rawTextDocuments(List<byte[]> messages) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] message : messages) {
            out.add(("{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"raw\":"
                    + com.fasterxml.jackson.databind.node.TextNode.valueOf(new String(message, StandardCharsets.UTF_8))
                    + "}").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    static Measure bulk(String es, String index, List<byte[]> documents, long esPid) throws Exception {
        return bulk(es, index, documents, esPid, false);
    }

    /** With {@code smile}, every action and document goes as Smile (binary JSON), each followed by 0xFF. */
    static Measure bulk(String es, String index, List<byte[]> documents, long esPid, boolean smile) throws Exception {
        if (index.startsWith("audit-events-bench")) {
            // The template's mappings, but not its read alias: in it, the API would search these documents as events, and
            // verify would report the alias changed (ALIAS_CHANGED), for as long as the index exists.
            send(es, "PUT", "/" + index, null);
            send(es, "POST", "/_aliases", "{\"actions\":[{\"remove\":{\"index\":\"" + index + "\",\"alias\":\"audit-events\"}}]}");
        }
        if (index.equals("bench-rawtext")) {
            send(es, "PUT", "/bench-rawtext", "{\"settings\":{\"number_of_shards\":1,\"auto_expand_replicas\":\"0-1\"},"
                    + "\"mappings\":{\"properties\":{\"id\":{\"type\":\"keyword\"},\"raw\":{\"type\":\"text\"}}}}");
        }
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < documents.size(); from += 1000) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] document : documents.subList(from, Math.min(documents.size(), from + 1000))) {
                // Like the indexer: create with the envelope ID, so Elasticsearch checks each ID (no append-only shortcut).
                String id = idOf(document);
                byte[] action = ("{\"create\":{\"_index\":\"" + index + "\"" + (id == null ? "" : ",\"_id\":\"" + id + "\"")
                        + "}}").getBytes(StandardCharsets.UTF_8);
                if (smile) {
                    body.writeBytes(SMILE.writeValueAsBytes(JSON_TREE.readTree(action)));
                    body.write(0xFF);
                    body.writeBytes(SMILE.writeValueAsBytes(JSON_TREE.readTree(document)));
                    body.write(0xFF);
                } else {
                    body.writeBytes(action);
                    body.write('\n');
                    body.writeBytes(document);
                    body.write('\n');
                }
            }
            bodies.add(body.toByteArray());
        }
        awaitIdle(esPid);
        long before = count(es, index);
        long ticks = cpuTicks(esPid);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        for (byte[] body : bodies) {
            results.add(pool.submit(() -> HTTP.send(HttpRequest.newBuilder(URI.create(es + "/_bulk"))
                    .header("Content-Type", smile ? "application/smile" : "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()));
        }
        for (Future<String> result : results) {
            if (result.get().contains("\"errors\":true")) {
                throw new IllegalStateException("bulk into " + index + " had errors: " + result.get().substring(0, 500));
            }
        }
        pool.shutdown();
        while (count(es, index) < before + documents.size()) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitIdle(esPid);
        return new Measure(documents.size() / seconds,
                Map.of("elasticsearch", (cpuTicks(esPid) - ticks) * 1e6 / TICKS_PER_SECOND / documents.size()));
    }

    private static String idOf(byte[] document) {
        String text = new String(document, 0, Math.min(document.length, 4096), StandardCharsets.UTF_8);
        int at = text.indexOf("\"id\":\"");
        return at < 0 ? null : text.substring(at + 6, text.indexOf('"', at + 6));
    }

    private static long count(String es, String indices) throws IOException, InterruptedException {
        String body = send(es, "GET", "/" + indices + "/_count?ignore_unavailable=true", null);
        int at = body.indexOf("\"count\":");
        return at < 0 ? 0 : Long.parseLong(body.substring(at + 8, body.indexOf(',', at)));
    }

    private static void delete(String es, String index) throws IOException, InterruptedException {
        send(es, "DELETE", "/" + index, null);
    }

    static String send(String es, String method, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(es + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Waits until Elasticsearch is idle (under 5% of a core for a second; at most a minute), so that each phase is
     * charged for its own merges and refreshes, not for the previous phase's.
     */
    static void awaitIdle(long pid) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            long before = cpuTicks(pid);
            Thread.sleep(1000);
            if (cpuTicks(pid) - before < TICKS_PER_SECOND / 20) {
                return;
            }
        }
    }

    /** utime + stime of a process and all its descendants, in clock ticks, from /proc. */
    static long cpuTicks(long pid) {
        return Stream.concat(Stream.of(pid), ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
                .mapToLong(p -> {
                    try {
                        String stat = Files.readString(Path.of("/proc/" + p + "/stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    } catch (IOException | RuntimeException e) {
                        return 0;
                    }
                }).sum();
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static Map<String, String> credentials(Path state) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(state.resolve("credentials.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^['\"]|['\"]$", ""));
            }
        }
        return env;
    }
}

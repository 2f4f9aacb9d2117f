package arr.deploy.load;

import arr.deploy.local.PidFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code deploy/bin/bench-collector}: throughput of the running local stack's collector over mutual TLS
 * into Kafka, and the CPU each process spends per message (collector, Kafka broker, load generator),
 * over several runs after a warm-up, reported as min / median / max. A run ends when the collector's
 * {@code arr_collector_published_total} shows every message acknowledged by Kafka.
 */
public final class CollectorBenchmark {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private CollectorBenchmark() {
    }

    /** One measured run. */
    record Run(double messagesPerSecond, double collectorMicros, double kafkaMicros, double loadMicros) {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args.length > 0 ? args[0] : ".local-stack");
        int connections = intArg(args, 1, 4);
        int perConnection = intArg(args, 2, 25_000);
        int runs = intArg(args, 3, 3);
        int tlsPort = Integer.parseInt(env(state, "AUDIT_SYSLOG_TLS_PORT"));
        int managementPort = Integer.parseInt(System.getenv().getOrDefault("AUDIT_COLLECTOR_MGMT_PORT", "8081"));
        long collectorPid = pid(state, "collector");
        long kafkaPid = pid(state, "kafka");
        LoadGenerator load = new LoadGenerator("127.0.0.1", tlsPort, LoadGenerator.deviceContext(state.resolve("tls")));

        // The collector's JIT needs a few hundred thousand messages to settle: warm up with three full runs.
        for (int warmUp = 1; warmUp <= 3; warmUp++) {
            Run r = measure(load, connections, perConnection, -warmUp, managementPort, collectorPid, kafkaPid);
            System.out.printf("warm-up %d: %.0f messages/s%n", warmUp, r.messagesPerSecond());
        }
        List<Run> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Run r = measure(load, connections, perConnection, run, managementPort, collectorPid, kafkaPid);
            System.out.printf("run %d: %.0f messages/s; CPU per message: collector %.1f us, kafka %.1f us, load generator %.1f us%n",
                    run, r.messagesPerSecond(), r.collectorMicros(), r.kafkaMicros(), r.loadMicros());
            results.add(r);
        }
        report("messages/s", results.stream().map(Run::messagesPerSecond).toList());
        report("collector CPU us/message", results.stream().map(Run::collectorMicros).toList());
        report("kafka CPU us/message", results.stream().map(Run::kafkaMicros).toList());
        report("load generator CPU us/message", results.stream().map(Run::loadMicros).toList());
    }

    private static Run measure(LoadGenerator load, int connections, int perConnection, long seed, int managementPort,
                               long collectorPid, long kafkaPid) throws Exception {
        List<byte[]> frames = LoadGenerator.frames(connections, perConnection, seed * 1000);
        long total = (long) connections * perConnection;
        double publishedBefore = published(managementPort);
        long collectorBefore = cpuTicks(collectorPid);
        long kafkaBefore = cpuTicks(kafkaPid);
        long loadBefore = ownCpuNanos();
        long start = System.nanoTime();
        load.send(frames, perConnection, Duration.ofMinutes(5));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (published(managementPort) < publishedBefore + total && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double collectorMicros = (cpuTicks(collectorPid) - collectorBefore) * 1e6 / CLOCK_TICKS_PER_SECOND / total;
        double kafkaMicros = (cpuTicks(kafkaPid) - kafkaBefore) * 1e6 / CLOCK_TICKS_PER_SECOND / total;
        double loadMicros = (ownCpuNanos() - loadBefore) / 1e3 / total;
        return new Run(total / seconds, collectorMicros, kafkaMicros, loadMicros);
    }

    private static double published(int managementPort) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + managementPort + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith("arr_collector_published_total{protocol=\"tls\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** utime + stime of a process and its threads, in clock ticks, from /proc. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long pid(Path state, String part) {
        return new PidFile(state.resolve("run").resolve(part + ".pid")).liveProcess()
                .orElseThrow(() -> new IllegalStateException(part + " is not running: start the stack with deploy/bin/up"))
                .pid();
    }

    private static String env(Path state, String key) throws IOException {
        return Files.readAllLines(state.resolve("credentials.env")).stream().filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1)).findFirst()
                .orElseThrow(() -> new IllegalStateException(key + " missing from " + state.resolve("credentials.env")));
    }

    private static int intArg(String[] args, int index, int defaultValue) {
        return args.length > index ? Integer.parseInt(args[index]) : defaultValue;
    }

    private static void report(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%-32s min %10.1f  median %10.1f  max %10.1f%n", what, sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}

package arr.query.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The query API's benchmark (issue: 1,000,000 realistic events; p50/p95/p99 of a patient's accesses over a year, a
 * user's activity over a month and a free-text search, from a separate client after warm-up; CSV export rows per
 * second for 100,000 rows). Runs against the local stack ({@code deploy/bin/up}); not a test.
 *
 * <p>Arguments: state directory, events (default 1,000,000), measured requests per query (default 200).
 */
public final class QueryBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UP = 30;

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Map<String, String> env = credentials(state);
        String es = env.get("AUDIT_ES_URL");
        String api = env.get("AUDIT_API_URL");
        String login = "Basic " + Base64.getEncoder().encodeToString((env.get("AUDIT_OFFICER_USER") + ":"
                + env.get("AUDIT_OFFICER_PASSWORD")).getBytes(StandardCharsets.UTF_8));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long present = BenchmarkData.loaded(es);
        if (present < events) {
            System.err.printf("loading %,d events (%,d already there)...%n", events - present, present);
            long start = System.nanoTime();
            BenchmarkData.load(es, events - present, now);
            System.err.printf("loaded in %.0f s%n", (System.nanoTime() - start) / 1e9);
        }
        System.out.printf("events in the index: %,d (benchmark data) of %s%n", BenchmarkData.loaded(es),
                BenchmarkData.send(es, "GET", "/audit-events/_count", null).trim());
        SplittableRandom random = new SplittableRandom(7);
        String yearAgo = now.minusDays(365).toString();
        String monthAgo = now.minusDays(30).toString();
        Map<String, IntFunction<String>> queries = new LinkedHashMap<>();
        queries.put("patient accesses, one patient, 1 year", n -> "/api/v1/investigations/patient-accesses"
                + "?patient=" + enc("P" + random.nextInt(BenchmarkData.PATIENTS) + BenchmarkData.AUTHORITY) + "&from=" + enc(yearAgo)
                + "&to=" + enc(now.toString()));
        queries.put("user activity, one user, 1 month", n -> "/api/v1/investigations/user-activity"
                + "?user=" + enc("user" + random.nextInt(BenchmarkData.USERS) + "@hospital.example") + "&from=" + enc(monthAgo));
        queries.put("free-text search, 50 newest", n -> "/api/v1/events?q=" + enc("Clinician " + random.nextInt(BenchmarkData.USERS)));
        for (Map.Entry<String, IntFunction<String>> query : queries.entrySet()) {
            for (int i = 0; i < WARM_UP; i++) {
                get(api, query.getValue().apply(i), login);
            }
            List<Long> micros = new ArrayList<>();
            long totals = 0;
            for (int i = 0; i < requests; i++) {
                String path = query.getValue().apply(i);
                long start = System.nanoTime();
                String body = get(api, path, login);
                micros.add((System.nanoTime() - start) / 1000);
                totals += JSON.readTree(body).path(path.contains("/events?") ? "total" : "events").asLong();
            }
            micros.sort(null);
            System.out.printf("%-40s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  (%d requests, %.1f matching events each on average)%n",
                    query.getKey(), micros.get(requests / 2) / 1000.0, micros.get(requests * 95 / 100) / 1000.0,
                    micros.get(requests * 99 / 100) / 1000.0, requests, totals / (double) requests);
        }
        thousandPatients(api, login, random, yearAgo, now.toString(), Math.max(10, requests / 10));
        export(api, login, es, now);
        reports(api, login, es, random, now);
    }

    /**
     * Compliance report runs, from the POST to the run's record saying succeeded (polled every 100 ms): a
     * patient-disclosure of 1,000 random patients over a year, and the year's failed logins.
     */
    private static void reports(String api, String login, String es, SplittableRandom random, OffsetDateTime now)
            throws Exception {
        String from = now.minusDays(365).toLocalDate().toString();
        String to = now.toLocalDate().toString();
        for (int run = 0; run < 4; run++) {
            StringBuilder patients = new StringBuilder();
            for (int p = 0; p < 1000; p++) {
                patients.append(p == 0 ? "" : ",").append('"').append("P").append(random.nextInt(BenchmarkData.PATIENTS))
                        .append(BenchmarkData.AUTHORITY).append('"');
            }
            report(api, login, es, "patient-disclosure", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"patient\":["
                    + patients + "]}", run);
        }
        for (int run = 0; run < 4; run++) {
            report(api, login, es, "failed-logins", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}", run);
        }
    }

    /** One run; the first of each report warms up and is printed as such. */
    private static void report(String api, String login, String es, String name, String body, int run) throws Exception {
        awaitIdle(es);
        long start = System.nanoTime();
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/reports/" + name + "/runs"))
                .header("Authorization", login).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException(name + " answered " + started.statusCode() + ": " + started.body());
        }
        String id = JSON.readTree(started.body()).path("id").asText();
        com.fasterxml.jackson.databind.JsonNode state;
        do {
            Thread.sleep(100);
            state = JSON.readTree(get(api, "/api/v1/reports/runs/" + id, login));
        } while (List.of("queued", "running").contains(state.path("status").asText()));
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = state.path("rows").asLong();
        System.out.printf("report %s%s: %s, %,d rows in %.2f s = %,.0f rows/s, CSV %.1f MB, PDF %,d kB%n", name,
                run == 0 ? " (warm-up)" : " run " + run, state.path("status").asText(), rows, seconds, rows / seconds,
                state.path("files").path("csv").path("bytes").asLong() / 1e6,
                state.path("files").path("pdf").path("bytes").asLong() / 1000);
    }

    /** The investigation's upper bound: 1,000 random patients at once, over a year. */
    private static void thousandPatients(String api, String login, SplittableRandom random, String yearAgo, String until,
                                         int requests)
            throws Exception {
        List<Long> micros = new ArrayList<>();
        long totals = 0;
        for (int i = 0; i < requests + 3; i++) {
            // Bounded by the start: the benchmark's own reads name the patients they asked about (Audit Log Used), and
            // would otherwise count as accesses in the later requests.
            StringBuilder path = new StringBuilder("/api/v1/investigations/patient-accesses?from=").append(enc(yearAgo))
                    .append("&to=").append(enc(until));
            for (int p = 0; p < 1000; p++) {
                path.append("&patient=").append(enc("P" + random.nextInt(BenchmarkData.PATIENTS) + BenchmarkData.AUTHORITY));
            }
            long start = System.nanoTime();
            String body = get(api, path.toString(), login);
            if (i >= 3) {
                micros.add((System.nanoTime() - start) / 1000);
                totals += JSON.readTree(body).path("events").asLong();
            }
        }
        micros.sort(null);
        System.out.printf("%-40s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  (%d requests, %.1f matching events each on average)%n",
                "patient accesses, 1,000 patients, 1 year", micros.get(requests / 2) / 1000.0,
                micros.get(requests * 95 / 100) / 1000.0, micros.get(requests - 1) / 1000.0, requests, totals / (double) requests);
    }

    /** Exports about 100,000 rows (a window of days sized from the data) and reports rows per second. */
    private static void export(String api, String login, String es, OffsetDateTime now) throws Exception {
        long perDay = BenchmarkData.loaded(es) / 365;
        long days = Math.max(1, 100_000 / Math.max(1, perDay) + 1);
        String path = "/api/v1/events.csv?from=" + enc(now.minusDays(days + 1).toString()) + "&to=" + enc(now.minusDays(1).toString());
        for (int run = 0; run < 3; run++) {
            awaitIdle(es);
            long start = System.nanoTime();
            // A plain blocking connection: the client should cost as little as curl, not measure itself.
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(api + path).toURL().openConnection();
            connection.setRequestProperty("Authorization", login);
            long rows = -1;
            long bytes = 0;
            int status = connection.getResponseCode();
            try (InputStream in = connection.getInputStream()) {
                byte[] buffer = new byte[262_144];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            rows++;
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("CSV export run %d: %,d rows, %.1f MB in %.2f s = %,.0f rows/s (status %d)%n", run + 1, rows,
                    bytes / 1e6, seconds, rows / seconds, status);
        }
    }

    /**
     * Waits (at most a minute) until Elasticsearch has indexed the previous phase's own audit events and is idle, so
     * that an export is not charged for the refreshes and merges of the queries before it.
     */
    private static void awaitIdle(String es) throws Exception {
        for (int i = 0; i < 60; i++) {
            String stats = BenchmarkData.send(es, "GET", "/_nodes/stats/process?filter_path=**.cpu.percent", null);
            int at = stats.indexOf("\"percent\":");
            if (at >= 0 && Integer.parseInt(stats.substring(at + 10).replaceAll("[^0-9].*", "")) < 5) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    private static String get(String api, String path, String login) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", login)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> credentials(Path state) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(state.resolve("credentials.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}

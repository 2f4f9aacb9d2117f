package arr.indexer.bench;

import arr.deploy.load.RealisticMessages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Elasticsearch's CPU per document for document variants, alternating round by round on the running local stack
 * (the same realistic messages, each variant bulk-loaded into a fresh index: 1,000 per request, two in flight,
 * {@code create} with the envelope ID). Not a test. Usage: DocumentBenchmark STATE_DIR DOCUMENTS ROUNDS VARIANT...
 * ({@code deploy/bin/bench-documents}). Variants: {@code ours} (the documents the indexer writes, under the template's
 * mappings), {@code rawtext} (the yardstick: only the raw XML, as analyzed text), and cut-down or rearranged forms of
 * ours for experiments ({@link #variants}).
 */
public final class DocumentBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Variant(String name, String mappings, UnaryOperator<ObjectNode> document) {
    }

    private DocumentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        int documents = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String es = PipelineBenchmark.credentials(state).get("AUDIT_ES_URL");
        long esPid = new arr.deploy.local.PidFile(state.resolve("run").resolve("elasticsearch.pid")).liveProcess()
                .orElseThrow(() -> new IllegalStateException("Elasticsearch is not running: deploy/bin/up")).pid();
        Map<String, Variant> all = variants();
        List<Variant> chosen = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            // NAME-smile: the same documents sent to Elasticsearch as Smile instead of JSON.
            String base = args[i].endsWith("-smile") ? args[i].substring(0, args[i].length() - 6) : args[i];
            Variant variant = all.get(base);
            if (variant != null && !base.equals(args[i])) {
                variant = new Variant(args[i], variant.mappings(), variant.document());
            }
            if (variant == null) {
                throw new IllegalArgumentException("unknown variant " + args[i] + "; known: " + String.join(" ", all.keySet()));
            }
            chosen.add(variant);
        }
        List<byte[]> messages = messages(documents);
        List<ObjectNode> ours = structuredDocuments(messages);
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(round == 0 ? "warm-up:" : "round " + round + ":");
            for (Variant variant : chosen) {
                List<byte[]> docs = variant.name().startsWith("rawtext") ? PipelineBenchmark.rawTextDocuments(messages)
                        : ours.stream().map(d -> bytes(variant.document().apply(d.deepCopy()))).toList();
                String index = "bench-doc-" + variant.name().toLowerCase();
                PipelineBenchmark.send(es, "DELETE", "/" + index, null);
                String created = PipelineBenchmark.send(es, "PUT", "/" + index, "{\"settings\":{\"number_of_shards\":1,"
                        + "\"auto_expand_replicas\":\"0-1\",\"refresh_interval\":\"1s\"},\"mappings\":" + variant.mappings() + "}");
                if (!created.contains("\"acknowledged\":true")) {
                    // Else the bulk would create the index with dynamic mappings and measure something else.
                    throw new IllegalStateException("Elasticsearch refused the mappings of " + variant.name() + ": " + created);
                }
                double us = PipelineBenchmark.bulk(es, index, docs, esPid, variant.name().endsWith("-smile")).cpu().get("elasticsearch");
                long store = storeBytes(es, index);
                PipelineBenchmark.send(es, "DELETE", "/" + index, null);
                line.append(String.format(" %s %.1f us (%.2f kB)", variant.name(), us, store / 1000.0 / docs.size()));
                if (round > 0) {
                    cpu.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add(us);
                }
            }
            System.out.println(line);
        }
        cpu.forEach((name, values) -> System.out.printf("%s: median %.1f us %s%n", name, PipelineBenchmark.median(values), values));
    }

    static Map<String, Variant> variants() throws IOException {
        String template;
        try (InputStream in = DocumentBenchmark.class.getResourceAsStream("/elasticsearch/audit-document.component-template.json")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode mappings = (ObjectNode) JSON.readTree(template).path("template").path("mappings");
        Map<String, Variant> out = new LinkedHashMap<>();
        out.put("ours", new Variant("ours", mappings.toString(), d -> d));
        out.put("rawtext", new Variant("rawtext", "{\"properties\":{\"id\":{\"type\":\"keyword\"},\"raw\":{\"type\":\"text\"}}}", d -> d));
        // The message inside an object Elasticsearch does not parse: its parser skips the string undecoded.
        ObjectNode skipRaw = mappings.deepCopy();
        ((ObjectNode) skipRaw.path("properties")).set("store", JSON.readTree("{\"type\":\"object\",\"enabled\":false}"));
        out.put("rawskip", new Variant("rawskip", skipRaw.toString(), d -> {
            JsonNode text = d.remove("rawText");
            if (text != null) {
                d.putObject("store").set("rawText", text);
            }
            return d;
        }));
        // Every stored-only value inside the one object Elasticsearch does not parse.
        out.put("storedskip", new Variant("storedskip", skipRaw.toString(), d -> {
            ObjectNode store = d.putObject("store");
            for (String field : List.of("rawText", "transport", "rawSize")) {
                JsonNode value = d.remove(field);
                if (value != null) {
                    store.set(field, value);
                }
            }
            JsonNode validation = d.path("validation");
            if (validation instanceof ObjectNode v) {
                store.set("validation", v.deepCopy());
                v.retain("status");
            }
            return d;
        }));
        ObjectNode noDocValues = mappings.deepCopy();
        for (String path : List.of("eventTypes.code", "objects.id", "sources.site", "participants.networkAccessPointId",
                "id", "chain.sequence")) {
            String[] parts = path.split("\\.");
            JsonNode node = noDocValues.path("properties");
            for (String part : parts) {
                node = node.path(part);
                if (part != parts[parts.length - 1]) {
                    node = node.path("properties");
                }
            }
            ((ObjectNode) node).put("doc_values", false);
        }
        out.put("nodocvalues", new Variant("nodocvalues", noDocValues.toString(), d -> d));
        ObjectNode epoch = mappings.deepCopy();
        ((ObjectNode) epoch.path("properties").path("eventTime").path("properties").path("value"))
                .put("format", "strict_date_optional_time_nanos||epoch_millis");
        out.put("notransport", new Variant("notransport", mappings.toString(), d -> {
            d.remove("transport");
            return d;
        }));
        out.put("nofreetext", new Variant("nofreetext", mappings.toString(), d -> {
            d.remove("freeText");
            return d;
        }));
        // As schema 6 wrote them: objects without their type and role.
        out.put("notyperole", new Variant("notyperole", mappings.toString(), d -> {
            d.path("objects").forEach(o -> ((ObjectNode) o).remove(List.of("type", "role")));
            return d;
        }));
        out.put("noraw", new Variant("noraw", mappings.toString(), d -> {
            d.remove("rawText");
            d.remove("raw");
            return d;
        }));
        out.put("epochdates", new Variant("epochdates", epoch.toString(), d -> {
            d.put("receivedAt", Instant.parse(d.path("receivedAt").asText()).toEpochMilli());
            JsonNode time = d.path("eventTime");
            if (time instanceof ObjectNode t && t.has("value")) {
                t.put("value", OffsetDateTime.parse(t.path("value").asText()).toInstant().toEpochMilli());
            }
            return d;
        }));
        return out;
    }

    private static byte[] bytes(ObjectNode document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> messages(int count) {
        RealisticMessages generator = new RealisticMessages(42, 100_000, 5_000);
        OffsetDateTime first = OffsetDateTime.of(2026, 3, 2, 0, 0, 0, 0, ZoneOffset.UTC);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(generator.next(first.plusSeconds(i)));
        }
        return out;
    }

    private static List<ObjectNode> structuredDocuments(List<byte[]> messages) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (byte[] document : PipelineBenchmark.structuredDocuments(messages)) {
            out.add((ObjectNode) JSON.readTree(document));
        }
        return out;
    }

    private static long storeBytes(String es, String index) throws IOException, InterruptedException {
        PipelineBenchmark.send(es, "POST", "/" + index + "/_flush", null);
        JsonNode stats = JSON.readTree(PipelineBenchmark.send(es, "GET", "/" + index + "/_stats/store", null));
        return stats.path("_all").path("primaries").path("store").path("size_in_bytes").asLong();
    }
}

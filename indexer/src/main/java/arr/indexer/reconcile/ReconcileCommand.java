package arr.indexer.reconcile;

import arr.indexer.ElasticsearchClients;
import arr.indexer.cli.CommandConsumers;
import arr.indexer.cli.TimeArgument;
import arr.indexer.deadletter.DeadLetterLedger;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * {@code deploy/bin/reconcile [--from T] [--to T] [--source S]}: for every audit source (or one), the records
 * published to {@code audit.events} with a receipt time in the range against the documents indexed, quarantined
 * and dead-lettered. Exit 0 when every source balances (records the indexer has not committed yet explain a
 * difference), 1 when one does not, 2 when it could not reconcile. The range defaults to the last 24 hours.
 * Reads {@code AUDIT_ES_URL}, {@code AUDIT_KAFKA_BOOTSTRAP} and {@code AUDIT_INDEXER_GROUP} (default {@code arr-indexer}).
 */
public final class ReconcileCommand {

    private ReconcileCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Instant to = Instant.now();
        Instant from = null;
        String source = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--from" -> from = TimeArgument.parse("--from", args[++i], false);
                    case "--to" -> to = TimeArgument.parse("--to", args[++i], true);
                    case "--source" -> source = args[++i];
                    case "-h", "--help" -> {
                        out.println("usage: reconcile [--from TIME] [--to TIME] [--source AUDIT_SOURCE_ID]   (TIME: 2026-11-01, "
                                + "2026-11-01T08:00:00Z; default: the last 24 hours)");
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException | DateTimeParseException e) {
            err.println("reconcile: " + (e instanceof ArrayIndexOutOfBoundsException ? "a value is missing after " + args[args.length - 1]
                    : e.getMessage()));
            return 2;
        }
        if (from == null) {
            from = to.minus(Duration.ofDays(1));
        }
        if (!from.isBefore(to)) {
            err.println("reconcile: --from " + from + " is not before --to " + to);
            return 2;
        }
        String es = env.getOrDefault("AUDIT_ES_URL", "http://127.0.0.1:9200");
        String kafka = env.getOrDefault("AUDIT_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        String group = env.getOrDefault("AUDIT_INDEXER_GROUP", "arr-indexer");
        try {
            ElasticsearchClient client = ElasticsearchClients.over(ElasticsearchClients.rest(URI.create(es), env));
            try {
                Reconciler reconciler = new Reconciler(() -> new KafkaConsumer<>(groupReader(kafka, group, env)), "audit.events", client,
                        () -> DeadLetterLedger.read(() -> new KafkaConsumer<>(CommandConsumers.plain(kafka, env)), "audit.deadletter"));
                Map<String, Reconciliation> books = new TreeMap<>(reconciler.reconcile(from, to));
                if (source != null) {
                    books.keySet().retainAll(java.util.Set.of(source));
                }
                return report(books, from, to, out);
            } finally {
                client._transport().close();
            }
        } catch (Exception e) {
            err.println("reconcile: cannot reconcile against Elasticsearch " + es + " and Kafka " + kafka + ": " + e);
            return 2;
        }
    }

    private static int report(Map<String, Reconciliation> books, Instant from, Instant to, PrintStream out) {
        out.printf("records received from %s to %s%n", from, to);
        out.printf("%-40s %10s %10s %12s %13s %8s %12s%n", "source", "published", "indexed", "quarantined", "dead-lettered",
                "pending", "unaccounted");
        int mismatches = 0;
        for (Map.Entry<String, Reconciliation> entry : books.entrySet()) {
            Reconciliation r = entry.getValue();
            boolean mismatch = !r.balanced() && r.pending() == 0;
            mismatches += mismatch ? 1 : 0;
            out.printf("%-40s %10d %10d %12d %13d %8d %12d%s%n", entry.getKey(), r.published(), r.indexed(), r.quarantined(),
                    r.deadLettered(), r.pending(), r.unaccounted(), mismatch ? "  MISMATCH" : "");
        }
        Reconciliation total = Reconciler.total(books);
        out.printf("%-40s %10d %10d %12d %13d %8d %12d%n", "(all)", total.published(), total.indexed(), total.quarantined(),
                total.deadLettered(), total.pending(), total.unaccounted());
        out.println(mismatches == 0 ? "BALANCED" : "NOT BALANCED: " + mismatches + " source(s)");
        return mismatches == 0 ? 0 : 1;
    }

    /** Reads the topic with the indexer's group ID, to see its committed offsets, without joining the group. */
    private static Properties groupReader(String bootstrap, String group, Map<String, String> env) {
        Properties props = CommandConsumers.plain(bootstrap, env);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SkippedValue.class.getName());
        return props;
    }
}

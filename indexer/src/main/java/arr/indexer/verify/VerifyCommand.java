package arr.indexer.verify;

import arr.indexer.ElasticsearchClients;
import arr.indexer.cli.CommandConsumers;
import arr.indexer.cli.TimeArgument;
import arr.indexer.checkpoint.Anchors;
import arr.indexer.checkpoint.CheckpointKeys;
import arr.indexer.checkpoint.CheckpointStore;
import arr.indexer.deadletter.DeadLetterLedger;
import arr.schemas.envelope.EnvelopeCodec;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code deploy/bin/verify [--from T] [--to T] [--wait SECONDS]}: verifies the chains against a running stack. Exit 0
 * when intact, 1 with a report of every finding, 2 when it could not verify (bad arguments, unreachable stack).
 * Times are ISO-8601 instants, offset date-times or dates (a date means that whole UTC day). {@code --wait} (default
 * 60) bounds how long a gap the indexer may still fill is waited for. Reads {@code AUDIT_ES_URL},
 * {@code AUDIT_KAFKA_BOOTSTRAP}, {@code AUDIT_CHECKPOINT_PUBLIC_KEY} and {@code AUDIT_INDEXER_GROUP} (default
 * {@code arr-indexer}).
 */
public final class VerifyCommand {

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Instant from = null;
        Instant to = null;
        Duration wait = DEFAULT_WAIT;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--from" -> from = TimeArgument.parse("--from", args[++i], false);
                    case "--to" -> to = TimeArgument.parse("--to", args[++i], true);
                    case "--wait" -> wait = waitArgument(args[++i]);
                    case "-h", "--help" -> {
                        out.println("usage: verify [--from TIME] [--to TIME] [--wait SECONDS]   (TIME: 2026-11-01, 2026-11-01T08:00:00Z;"
                                + " --wait: how long to wait for documents the indexer is still writing, default 60)");
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            TimeArgument.requireOrdered(from, to);
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException | DateTimeParseException e) {
            err.println("verify: " + (e instanceof ArrayIndexOutOfBoundsException ? "a value is missing after " + args[args.length - 1] : e.getMessage()));
            return 2;
        }
        String es = env.getOrDefault("AUDIT_ES_URL", "http://127.0.0.1:9200");
        String kafka = env.getOrDefault("AUDIT_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        String keyFile = env.get("AUDIT_CHECKPOINT_PUBLIC_KEY");
        String group = env.getOrDefault("AUDIT_INDEXER_GROUP", "arr-indexer");
        if (keyFile == null || keyFile.isBlank()) {
            err.println("verify: set AUDIT_CHECKPOINT_PUBLIC_KEY to the PEM file of the checkpoint public key");
            return 2;
        }
        try {
            ElasticsearchClient client = ElasticsearchClients.over(ElasticsearchClients.rest(URI.create(es), env));
            try {
                DeadLetterLedger deadLetters = DeadLetterLedger.read(() -> new KafkaConsumer<>(CommandConsumers.plain(kafka, env)), "audit.deadletter");
                VerificationReport report = new ChainVerifier(client, new CheckpointStore(client), deadLetters,
                        CheckpointKeys.publicKey(Path.of(keyFile)), () -> logEnd(kafka, "audit.events", env),
                        genuine -> Anchors.read(() -> new KafkaConsumer<>(CommandConsumers.withoutTopicCreation(kafka, env)),
                                env.getOrDefault("AUDIT_ANCHOR_TOPIC", "audit.anchors"), EnvelopeCodec.mapper(), genuine),
                        new IndexerProgress(() -> committed(kafka, group, "audit.events", env), wait))
                        .verify(from, to);
                out.print(report.render());
                return report.intact() ? 0 : 1;
            } finally {
                client._transport().close();
            }
        } catch (Exception e) {
            err.println("verify: cannot verify against Elasticsearch " + es + " and Kafka " + kafka + ": " + e);
            return 2;
        }
    }

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
    private static final Duration MAX_WAIT = Duration.ofHours(1);

    private static Duration waitArgument(String value) {
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0 || seconds > MAX_WAIT.toSeconds()) {
            throw new IllegalArgumentException("--wait takes a number of seconds from 0 to " + MAX_WAIT.toSeconds() + ", not '" + value + "'");
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * The committed offsets of the indexer's consumer group on {@code topic}, read with its group ID by a consumer that
     * never joins the group nor commits.
     */
    static Map<Integer, Long> committed(String bootstrap, String group, String topic, Map<String, String> env) {
        Properties props = CommandConsumers.plain(bootstrap, env);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
            Map<Integer, Long> committed = new HashMap<>();
            consumer.committed(partitions, Duration.ofSeconds(30)).forEach((p, offset) -> {
                if (offset != null) {
                    committed.put(p.partition(), offset.offset());
                }
            });
            return committed;
        }
    }

    /** The end offset of every partition of {@code topic}: no document can claim an offset at or past it. */
    static Map<Integer, Long> logEnd(String bootstrap, String topic, Map<String, String> env) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(CommandConsumers.plain(bootstrap, env))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<Integer, Long> end = new HashMap<>();
            consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((p, offset) -> end.put(p.partition(), offset));
            return end;
        }
    }
}

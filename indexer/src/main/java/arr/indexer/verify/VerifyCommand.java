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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code deploy/bin/verify [--from T] [--to T]}: verifies the chains against a running stack. Exit 0 when
 * intact, 1 with a report of every finding, 2 when it could not verify (bad arguments, unreachable stack).
 * Times are ISO-8601 instants, offset date-times or dates (a date means that whole UTC day).
 * Reads {@code AUDIT_ES_URL}, {@code AUDIT_KAFKA_BOOTSTRAP} and {@code AUDIT_CHECKPOINT_PUBLIC_KEY}.
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
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--from" -> from = TimeArgument.parse("--from", args[++i], false);
                    case "--to" -> to = TimeArgument.parse("--to", args[++i], true);
                    case "-h", "--help" -> {
                        out.println("usage: verify [--from TIME] [--to TIME]   (TIME: 2026-11-01, 2026-11-01T08:00:00Z)");
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
        if (keyFile == null || keyFile.isBlank()) {
            err.println("verify: set AUDIT_CHECKPOINT_PUBLIC_KEY to the PEM file of the checkpoint public key");
            return 2;
        }
        try {
            ElasticsearchClient client = ElasticsearchClients.connect(URI.create(es));
            try {
                DeadLetterLedger deadLetters = DeadLetterLedger.read(() -> new KafkaConsumer<>(CommandConsumers.plain(kafka)), "audit.deadletter");
                VerificationReport report = new ChainVerifier(client, new CheckpointStore(client), deadLetters,
                        CheckpointKeys.publicKey(Path.of(keyFile)), () -> logEnd(kafka, "audit.events"),
                        genuine -> Anchors.read(() -> new KafkaConsumer<>(CommandConsumers.withoutTopicCreation(kafka)),
                                env.getOrDefault("AUDIT_ANCHOR_TOPIC", "audit.anchors"), EnvelopeCodec.mapper(), genuine))
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

    /** The end offset of every partition of {@code topic}: no document can claim an offset at or past it. */
    static Map<Integer, Long> logEnd(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(CommandConsumers.plain(bootstrap))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<Integer, Long> end = new HashMap<>();
            consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((p, offset) -> end.put(p.partition(), offset));
            return end;
        }
    }
}

package arr.indexer.checkpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka topic that keeps a copy of every signed checkpoint, round and purge record ({@code audit.anchors}). It is
 * compacted by record key (one key per chain, per partition's rounds and per purged month; see {@link #key}): Kafka
 * keeps the newest record of each key for ever, which is all {@code verify} needs, and the topic stays as small as
 * the number of chains.
 */
public final class AnchorTopic {

    private static final Logger LOG = LoggerFactory.getLogger(AnchorTopic.class);
    /** Segments roll hourly so that compaction, which never touches the active segment, keeps the topic small. */
    static final Map<String, String> CONFIG = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG, "3600000");

    private AnchorTopic() {
    }

    /** The record key: what compaction keeps the newest of. */
    public static String key(Checkpoint checkpoint) {
        return switch (String.valueOf(checkpoint.type())) {
            // One key per stretch of vouching: a round from a later start must not replace the last of an earlier one.
            case Checkpoint.ROUND -> "round:" + checkpoint.partition() + (checkpoint.from() == null ? "" : ":" + checkpoint.from());
            case Checkpoint.PURGE -> "purge:" + checkpoint.index();
            default -> "chain:" + checkpoint.index() + ":" + checkpoint.partition();
        };
    }

    /** How far a checkpoint reaches, for keeping the newest of a key: the sequence of a head, the offset of a round. */
    static long reach(Checkpoint checkpoint) {
        Long value = Checkpoint.ROUND.equals(checkpoint.type()) ? checkpoint.offset() : checkpoint.sequence();
        return value == null ? 0 : value;
    }

    /**
     * Creates the topic compacted when it is missing. One that exists with another cleanup policy (made by a broker
     * that creates topics on first use, with its defaults) is switched to compaction: with time-based deletion the
     * anchors would age out after a week, and with them the evidence.
     */
    public static void ensure(Admin admin, String topic) {
        // Two indexers starting together, or a broker still starting: a few tries before giving up the start.
        for (int attempt = 1; ; attempt++) {
            try {
                ensureOnce(admin, topic);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 5 || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.warn("cannot create or check the anchor topic {} yet ({}); trying again", topic, e.getMessage());
                try {
                    Thread.sleep(2_000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void ensureOnce(Admin admin, String topic) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!existing.contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(CONFIG)))
                            .all().get(30, TimeUnit.SECONDS);
                    LOG.info("created the anchor topic {} (compacted)", topic);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy == null || !TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy.value())) {
                LOG.warn("the anchor topic {} had cleanup.policy={}; switching it to compact so that its records are kept",
                        topic, policy == null ? null : policy.value());
                admin.incrementalAlterConfigs(Map.of(resource, CONFIG.entrySet().stream()
                        .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET)).toList()))
                        .all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or check the anchor topic " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the anchor topic " + topic, e);
        }
    }
}

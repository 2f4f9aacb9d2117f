package arr.indexer.deadletter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Makes room for the largest dead letter. A dead letter holds the whole refused record, base64 in JSON (4/3 of it),
 * with its error: one of a record near Kafka's default limit (1 MiB) is about 1.4 MB, which Kafka's defaults refuse
 * for good. The write would then be tried again for ever, and its partition (for a record that is not an envelope,
 * the whole consumer) would stall. So the topic's {@code max.message.bytes}, and the dead-letter producer's
 * {@code max.request.size}, are {@link #MAX_MESSAGE_BYTES}.
 */
public final class DeadLetterTopic {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopic.class);

    /**
     * 8 MiB: room for the dead letter of a record of up to 6 MiB less 64 KiB on {@code audit.events}, the most a
     * collector's record limit may be ({@code RecordSizeLimit.LARGEST_MAX_BYTES}).
     */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private DeadLetterTopic() {
    }

    /**
     * Creates the topic when it is missing (one partition, kept until deleted, room for the largest dead letter), else
     * raises its {@code max.message.bytes} to {@link #MAX_MESSAGE_BYTES} where it is lower: a topic a broker created on
     * first use would have its default. Where that cannot be done (no Create or AlterConfigs right), it says so and
     * what to run; the indexer still starts, since only an unusually large refused record needs the room.
     */
    public static void ensure(Admin admin, String topic, String bootstrap) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                try {
                    // Dead letters are kept until someone deals with them: an audit record never ages out unseen. The
                    // replicas are the broker's default.replication.factor, as for any topic a cluster's owner governs.
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                            TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES))))).all().get(30, TimeUnit.SECONDS);
                    LOG.info("created the dead-letter topic {} (kept until deleted, max.message.bytes {})", topic, MAX_MESSAGE_BYTES);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            long current = entry == null || entry.value() == null ? 0 : Long.parseLong(entry.value());
            if (current >= MAX_MESSAGE_BYTES) {
                return;
            }
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)),
                    AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            LOG.warn("raised max.message.bytes of the dead-letter topic {} from {} to {}, so that the dead letter of a large "
                    + "record fits", topic, current, MAX_MESSAGE_BYTES);
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.warn("cannot create, check or raise max.message.bytes of the dead-letter topic {} ({}): a dead letter larger than its "
                    + "limit would stall its partition until the limit is raised; create the topic with kafka-topics.sh "
                    + "--bootstrap-server {} --create --topic {} --config retention.ms=-1 --config max.message.bytes={}, or raise "
                    + "an existing one's with kafka-configs.sh --bootstrap-server {} --alter --entity-type topics --entity-name {} "
                    + "--add-config max.message.bytes={}", topic, e.toString(), bootstrap, topic, MAX_MESSAGE_BYTES, bootstrap,
                    topic, MAX_MESSAGE_BYTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while checking max.message.bytes of the dead-letter topic {}", topic);
        }
    }
}

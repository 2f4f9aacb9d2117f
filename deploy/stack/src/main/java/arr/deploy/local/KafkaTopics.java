package arr.deploy.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The topics of CONTRACT.md §3a, created when missing; existing topics are left as they are. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    public static void create(String bootstrap, int eventsPartitions, Duration eventsRetention) {
        List<NewTopic> topics = List.of(
                new NewTopic(StackSettings.EVENTS_TOPIC, eventsPartitions, (short) 1)
                        .configs(Map.of("retention.ms", Long.toString(eventsRetention.toMillis()))),
                // Dead letters are kept until someone deals with them: an audit record never ages out unseen. They hold
                // whole refused records: 8 MiB, as the indexer raises it at its start (a topic made again while an
                // indexer runs would otherwise refuse any dead letter over the broker's 1 MiB until it restarts).
                new NewTopic(StackSettings.DEADLETTER_TOPIC, 1, (short) 1)
                        .configs(Map.of("retention.ms", "-1", "max.message.bytes", "8388608")));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "arr-stack-topics");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StackException("cannot create the Kafka topics at " + bootstrap + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new StackException("Kafka at " + bootstrap + " did not create the topics within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating the Kafka topics", e);
        }
    }
}

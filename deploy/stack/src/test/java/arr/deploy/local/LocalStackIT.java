package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The launcher's own promises, on a real Kafka: idempotent start, restart of a killed part, clean stop. */
class LocalStackIT {

    private static LocalStack stack;

    @BeforeAll
    static void startKafka() {
        Path state = Path.of(System.getProperty("arr.test.stateDir", "target/test-stack")).resolve("launcher");
        StackLayout layout = new StackLayout(state, StackLayout.defaultCacheDir(System.getenv(), ServerUser.launcherIsRoot()),
                Optional.empty());
        stack = new LocalStack(StackSettings.testStack(layout), System.getenv());
        stack.stopAll();
        stack.purgeData();
        assertThat(stack.start(List.of(Part.KAFKA))).containsExactly(Part.KAFKA);
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.stopAll();
            assertThat(stack.status()).allSatisfy(status -> assertThat(status.pid()).isEmpty());
        }
    }

    @Test
    void startingAgainLeavesAHealthyPartAlone() {
        long pid = kafkaPid();
        assertThat(stack.start(List.of(Part.KAFKA))).isEmpty();
        assertThat(kafkaPid()).isEqualTo(pid);
    }

    /** Starting again creates a topic that went missing while Kafka ran (until 2026-11-28 only a fresh start did). */
    @Test
    void startingAgainRecreatesAMissingTopicOnARunningKafka() throws Exception {
        String bootstrap = stack.settings().ports().kafkaBootstrap();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(List.of(StackSettings.DEADLETTER_TOPIC)).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(StackSettings.DEADLETTER_TOPIC)) {
                assertThat(System.nanoTime() - deadline).as("the topic is deleted within 30 s").isNegative();
                Thread.sleep(200);
            }
            long pid = kafkaPid();
            assertThat(stack.start(List.of(Part.KAFKA))).isEmpty();
            assertThat(kafkaPid()).isEqualTo(pid);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .contains(StackSettings.EVENTS_TOPIC, StackSettings.DEADLETTER_TOPIC);
            var topic = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                    StackSettings.DEADLETTER_TOPIC);
            assertThat(admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic).get("max.message.bytes")
                    .value()).as("as large as the indexer makes it").isEqualTo("8388608");
        }
    }

    @Test
    void aPartKilledWithSigkillIsStartedAgain() {
        ProcessHandle kafka = ProcessHandle.of(kafkaPid()).orElseThrow();
        kafka.destroyForcibly();
        kafka.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(stack.status().get(0).line()).isEqualTo("kafka - " + stack.settings().ports().kafka() + " down");

        assertThat(stack.start(List.of(Part.KAFKA))).containsExactly(Part.KAFKA);
        assertThat(kafkaPid()).isNotEqualTo(kafka.pid());
        assertThat(stack.status().get(0).line()).endsWith(" healthy");
    }

    @Test
    void aTakenPortIsAnErrorNamingThePortAndItsVariable() throws Exception {
        StackSettings other = StackSettings.testStack(new StackLayout(stack.settings().layout().stateDir().resolve("other"),
                stack.settings().layout().cacheDir(), Optional.empty()));
        LocalStack conflicting = new LocalStack(new StackSettings(other.layout(),
                new StackPorts(1, 1, 1, 1, 1, 1, stack.settings().ports().kafka(), other.ports().kafkaController(), 1, 1),
                512, 512, 256, 1, Duration.ofDays(1), Duration.ofSeconds(60), Map.of()), System.getenv());
        assertThatThrownBy(() -> conflicting.start(List.of(Part.KAFKA)))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("port " + stack.settings().ports().kafka())
                .hasMessageContaining("AUDIT_KAFKA_PORT");
    }

    @Test
    void aPartThatCannotStartIsReportedWithItsLogAndLeavesNoProcess() {
        StackSettings base = StackSettings.testStack(new StackLayout(
                stack.settings().layout().stateDir().resolve("dying"), stack.settings().layout().cacheDir(), Optional.empty()));
        // A 1 MB heap: the JVM refuses to start, as a broken installation would.
        LocalStack dying = new LocalStack(new StackSettings(base.layout(), base.ports(), 1024, 1, 256, 1,
                Duration.ofDays(1), Duration.ofSeconds(60), Map.of()), System.getenv());
        assertThatThrownBy(() -> dying.start(List.of(Part.KAFKA)))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("Kafka")
                .hasMessageContaining(base.layout().logsDir().toString())
                .hasMessageContaining("heap");
        assertThat(dying.status().get(0).pid()).isEmpty();
    }

    private static long kafkaPid() {
        return stack.status().get(0).pid().orElseThrow();
    }
}

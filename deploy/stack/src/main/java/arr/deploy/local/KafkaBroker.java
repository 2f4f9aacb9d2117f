package arr.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka node in KRaft mode (broker and controller in one process), run from the Maven Central
 * artifacts, with its data under the state directory. Creates the topics of CONTRACT.md §3a.
 */
public final class KafkaBroker implements StackPart {

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);

    private final StackSettings settings;

    public KafkaBroker(StackSettings settings) {
        this.settings = settings;
    }

    @Override
    public Part part() {
        return Part.KAFKA;
    }

    @Override
    public LaunchSpec prepare() {
        String classpath = Distributions.load().kafkaClasspath();
        Path dir = settings.layout().kafkaDir();
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(config, serverProperties(dir.resolve("data")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            formatStorage(classpath, dir, config);
        }
        return new LaunchSpec(javaCommand(classpath, "kafka.Kafka", config.toString()), Map.of(), dir);
    }

    @Override
    public boolean healthy() {
        // A plain connect first: an admin client against a closed port only fills the log with warnings.
        if (!PortProbe.accepts(StackPorts.HOST, settings.ports().kafka())) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                    .nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void afterStart() {
        KafkaTopics.create(settings.ports().kafkaBootstrap(), settings.eventsPartitions(), settings.eventsRetention());
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.ports().kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "arr-stack");
        return Admin.create(props);
    }

    private String serverProperties(Path dataDir) {
        StackPorts ports = settings.ports();
        String host = StackPorts.HOST;
        return String.join("\n",
                "# Written by the stack launcher at every start; edit StackSettings, not this file.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + ports.kafkaController(),
                "listeners=PLAINTEXT://" + host + ":" + ports.kafka() + ",CONTROLLER://" + host + ":" + ports.kafkaController(),
                "advertised.listeners=PLAINTEXT://" + host + ":" + ports.kafka(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=1",
                // Topics are created on purpose, with the contract's settings, never by a typo in a client.
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=4",
                "")
                .replace("\\", "/");
    }

    private void formatStorage(String classpath, Path dir, Path config) {
        List<String> command = javaCommand(classpath, "kafka.tools.StorageTool", "format",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(), "--ignore-formatted");
        Path log = settings.layout().logsDir().resolve("kafka-format.log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new StackException("formatting Kafka storage took longer than " + FORMAT_TIMEOUT.toSeconds()
                        + " s; log " + log + ":\n" + LogTail.lastLines(log, 20));
            }
            if (process.exitValue() != 0) {
                throw new StackException("formatting Kafka storage failed (exit " + process.exitValue() + "); log "
                        + log + ":\n" + LogTail.lastLines(log, 20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the Kafka storage tool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while formatting Kafka storage", e);
        }
    }

    private List<String> javaCommand(String classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                JavaRuntime.currentJava().toString(),
                "-Xms" + settings.kafkaHeapMb() + "m", "-Xmx" + settings.kafkaHeapMb() + "m",
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
                "-Darr.stack.part=kafka",
                "-cp", classpath,
                mainClass));
        command.addAll(List.of(args));
        return command;
    }
}

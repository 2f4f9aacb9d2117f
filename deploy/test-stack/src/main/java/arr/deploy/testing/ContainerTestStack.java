package arr.deploy.testing;

import arr.deploy.local.KafkaTopics;
import arr.deploy.local.Part;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same servers on Testcontainers ({@code -Dstack=containers}), for machines with a Docker engine.
 * Compiled in CI but not run there (no Docker engine). {@link #stop} pauses a container rather than
 * stopping it, so its mapped ports stay valid for {@link #start}.
 */
final class ContainerTestStack implements TestStack {

    private static final String KAFKA_IMAGE = "apache/kafka:4.4.0";
    private static final String ELASTICSEARCH_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:9.2.4";

    private final Map<Part, GenericContainer<?>> containers = new EnumMap<>(Part.class);

    ContainerTestStack() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("-Dstack=containers needs a reachable Docker engine; run without it "
                    + "to use real Kafka and Elasticsearch processes");
        }
    }

    synchronized void ensureStarted(Set<Part> parts) {
        if (parts.contains(Part.KAFKA) && !containers.containsKey(Part.KAFKA)) {
            KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
            kafka.start();
            containers.put(Part.KAFKA, kafka);
            KafkaTopics.create(kafka.getBootstrapServers(), 6, Duration.ofDays(30));
        }
        if (parts.contains(Part.ELASTICSEARCH) && !containers.containsKey(Part.ELASTICSEARCH)) {
            ElasticsearchContainer es = new ElasticsearchContainer(ELASTICSEARCH_IMAGE)
                    .withEnv("xpack.security.enabled", "false")
                    .withEnv("ES_JAVA_OPTS", "-Xms1g -Xmx1g");
            es.start();
            containers.put(Part.ELASTICSEARCH, es);
        }
        if (parts.stream().anyMatch(p -> !p.isServer())) {
            throw new IllegalStateException("the container stack runs only Kafka and Elasticsearch; "
                    + "end-to-end tests with the services need the process stack");
        }
    }

    @Override
    public String kafkaBootstrap() {
        return ((KafkaContainer) container(Part.KAFKA)).getBootstrapServers();
    }

    @Override
    public String elasticsearchUrl() {
        return "http://" + ((ElasticsearchContainer) container(Part.ELASTICSEARCH)).getHttpHostAddress();
    }

    @Override
    public String url(Part service) {
        throw new IllegalStateException("the container stack runs no services; end-to-end tests need the process stack");
    }

    @Override
    public arr.deploy.local.StackPorts ports() {
        throw new IllegalStateException("the container stack maps ports itself; use kafkaBootstrap() and elasticsearchUrl()");
    }

    @Override
    public arr.deploy.local.LocalPki pki() {
        throw new IllegalStateException("the container stack runs no services and has no PKI");
    }

    @Override
    public String credential(String key) {
        throw new IllegalStateException("the container stack runs no services and has no credentials");
    }

    @Override
    public void stop(Part part) {
        GenericContainer<?> container = container(part);
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void start(Part part) {
        GenericContainer<?> container = container(part);
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized void close() {
        containers.values().forEach(GenericContainer::stop);
    }

    private GenericContainer<?> container(Part part) {
        GenericContainer<?> container = containers.get(part);
        if (container == null) {
            throw new IllegalStateException(part + " was not started; add it to @NeedsStack");
        }
        return container;
    }
}

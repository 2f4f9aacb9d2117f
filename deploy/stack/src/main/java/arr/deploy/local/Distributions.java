package arr.deploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the build put the Kafka broker runtime and the Elasticsearch distribution (both from Maven
 * Central), as recorded by the {@code deploy/dists} module in {@code arr/deploy/dists.properties}.
 */
public record Distributions(String kafkaVersion, String kafkaClasspath, String elasticsearchVersion,
                            Path elasticsearchZip) {

    private static final String RESOURCE = "arr/deploy/dists.properties";

    public static Distributions load() {
        Properties properties = new Properties();
        try (InputStream in = Distributions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new StackException(RESOURCE + " is not on the classpath: build the project first (mvn -B -DskipTests package)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Distributions dists = new Distributions(
                properties.getProperty("kafka.version"),
                properties.getProperty("kafka.classpath"),
                properties.getProperty("elasticsearch.version"),
                Path.of(properties.getProperty("elasticsearch.zip")));
        if (!Files.isRegularFile(dists.elasticsearchZip())) {
            throw new StackException("the Elasticsearch distribution " + dists.elasticsearchZip()
                    + " is missing from the local Maven repository: rebuild with mvn -B -DskipTests package");
        }
        return dists;
    }
}

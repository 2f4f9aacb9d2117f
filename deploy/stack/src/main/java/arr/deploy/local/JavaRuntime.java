package arr.deploy.local;

import java.nio.file.Path;

/** The Java that runs the launcher; Kafka and the services run on the same one (17 or newer). */
public final class JavaRuntime {

    private JavaRuntime() {
    }

    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}

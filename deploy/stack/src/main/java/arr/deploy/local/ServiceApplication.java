package arr.deploy.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of our Micronaut services (collector, indexer, query-api), run from its runnable jar in
 * {@code <repo>/<module>/target/<module>.jar} on the launcher's Java, configured through environment
 * variables. Healthy when {@code GET /health} on its HTTP or management port answers 200.
 */
public final class ServiceApplication implements StackPart {

    private final Part part;
    private final StackSettings settings;
    private final Map<String, String> environment;

    public ServiceApplication(Part part, StackSettings settings, Map<String, String> environment) {
        if (part.isServer()) {
            throw new IllegalArgumentException(part + " is not a service");
        }
        this.part = part;
        this.settings = settings;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Part part() {
        return part;
    }

    public Path jar() {
        Path root = settings.layout().repoRoot().orElseThrow(() -> new StackException(
                "the repository root is unknown, so " + part.displayName() + " cannot be started"));
        return root.resolve(part.displayName()).resolve("target").resolve(part.displayName() + ".jar");
    }

    @Override
    public LaunchSpec prepare() {
        Path built = jar();
        if (!Files.isRegularFile(built)) {
            throw new StackException(built + " is missing: build it with mvn -B -DskipTests package");
        }
        // Run a copy: a rebuild while the service runs must not change the jar under its feet.
        Path jar = settings.layout().runDir().resolve(part.displayName() + ".jar");
        try {
            Files.copy(built, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot copy " + built + " to " + jar, e);
        }
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(settings.extraServiceEnvironment());
        int heap = settings.serviceHeapMb();
        // The whole heap from the start: G1 sizes the young generation from the committed heap, and a 128 MB start
        // kept the indexer's eden at 48-89 MB while 20-40 MB of documents are in flight, so every young collection
        // copied most of it (1,158 young and 286 concurrent collections in a benchmark round, against 271 and 18).
        return new LaunchSpec(List.of(JavaRuntime.currentJava().toString(),
                "-Xms" + heap + "m", "-Xmx" + heap + "m",
                "-Darr.stack.part=" + part.displayName(),
                "-jar", jar.toString()), env, settings.layout().stateDir());
    }

    @Override
    public boolean healthy() {
        return HttpProbe.get("http://" + StackPorts.HOST + ":" + settings.ports().primary(part) + "/health")
                .map(answer -> answer.status() == 200)
                .orElse(false);
    }
}

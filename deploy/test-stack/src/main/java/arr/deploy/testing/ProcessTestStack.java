package arr.deploy.testing;

import arr.deploy.local.LocalStack;
import arr.deploy.local.Part;
import arr.deploy.local.ServerUser;
import arr.deploy.local.StackLayout;
import arr.deploy.local.StackPorts;
import arr.deploy.local.StackSettings;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The default test stack: Kafka and Elasticsearch as real processes, started by the same
 * {@link LocalStack} as {@code deploy/bin/up}, on free ports, with state in {@code target/test-stack}.
 * Every start first stops what the pid files say a previous (killed) test JVM left running, and begins
 * from empty data so that counts in tests mean what they say.
 */
final class ProcessTestStack implements TestStack {

    private final LocalStack stack;
    private final Set<Part> started = EnumSet.noneOf(Part.class);

    ProcessTestStack(Path stateDir, Optional<Path> repoRoot) {
        StackLayout layout = new StackLayout(stateDir,
                StackLayout.defaultCacheDir(System.getenv(), ServerUser.launcherIsRoot()), repoRoot);
        this.stack = new LocalStack(StackSettings.testStack(layout), System.getenv());
        stack.stopAll();
        stack.purgeData();
    }

    synchronized void ensureStarted(Set<Part> parts) {
        Set<Part> missing = EnumSet.copyOf(parts);
        missing.removeAll(started);
        if (!missing.isEmpty()) {
            stack.start(missing);
            started.addAll(missing);
        }
    }

    @Override
    public String kafkaBootstrap() {
        return stack.settings().ports().kafkaBootstrap();
    }

    @Override
    public String elasticsearchUrl() {
        return stack.settings().ports().elasticsearchUrl();
    }

    @Override
    public String url(Part service) {
        return "http://" + StackPorts.HOST + ":" + stack.settings().ports().primary(service);
    }

    @Override
    public StackPorts ports() {
        return stack.settings().ports();
    }

    @Override
    public arr.deploy.local.LocalPki pki() {
        return stack.pki();
    }

    @Override
    public String credential(String key) {
        return arr.deploy.local.StackCredentials.load(stack.settings().layout().credentialsFile()).get(key);
    }

    @Override
    public synchronized void stop(Part part) {
        stack.stop(part);
    }

    @Override
    public synchronized void start(Part part) {
        if (!started.contains(part)) {
            throw new IllegalStateException(part + " is not part of this test stack; add it to @NeedsStack");
        }
        stack.start(List.of(part));
    }

    @Override
    public synchronized void close() {
        stack.stopAll();
    }
}

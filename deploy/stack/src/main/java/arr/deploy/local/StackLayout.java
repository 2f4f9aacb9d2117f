package arr.deploy.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the stack keeps its state (CONTRACT.md §2): logs, pid files, TLS material, credentials and the
 * data of Kafka and Elasticsearch, plus the cache where the Elasticsearch distribution is unpacked once.
 *
 * @param stateDir  {@code .local-stack/} for {@code deploy/bin/up}, a folder under {@code target/} for tests
 * @param cacheDir  outside the repository; shared by every stack on this machine
 * @param repoRoot  the checkout, where the service jars are built; empty when only servers are run
 */
public record StackLayout(Path stateDir, Path cacheDir, Optional<Path> repoRoot) {

    public StackLayout {
        stateDir = stateDir.toAbsolutePath().normalize();
        cacheDir = cacheDir.toAbsolutePath().normalize();
        repoRoot = repoRoot.map(p -> p.toAbsolutePath().normalize());
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public Path logFile(Part part) {
        return logsDir().resolve(part.displayName() + ".log");
    }

    public Path runDir() {
        return stateDir.resolve("run");
    }

    public Path pidFile(Part part) {
        return runDir().resolve(part.displayName() + ".pid");
    }

    public Path tlsDir() {
        return stateDir.resolve("tls");
    }

    public Path keysDir() {
        return stateDir.resolve("keys");
    }

    public Path credentialsFile() {
        return stateDir.resolve("credentials.env");
    }

    public Path kafkaDir() {
        return stateDir.resolve("kafka");
    }

    /** The Elasticsearch node's folders as seen from the stack; may be a link to a place its user can reach. */
    public Path elasticsearchDir() {
        return stateDir.resolve("elasticsearch");
    }

    /** The default cache: {@code AUDIT_CACHE_DIR}, else a world-readable system folder as root, else the user's cache. */
    public static Path defaultCacheDir(java.util.Map<String, String> env, boolean root) {
        String configured = env.get("AUDIT_CACHE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (root) {
            // Not under /root: the unprivileged Elasticsearch user must be able to read the distribution.
            return Path.of("/var/cache/audit-repository");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("audit-repository");
    }
}

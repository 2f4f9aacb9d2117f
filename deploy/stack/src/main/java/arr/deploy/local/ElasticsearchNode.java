package arr.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One Elasticsearch node from the integration-test distribution: single node, HTTP and transport on
 * loopback only, security off (nothing but this machine can reach it), run by an unprivileged user
 * with a JDK 21+. The distribution has only four modules: no ILM, no ingest pipelines, no painless.
 */
public final class ElasticsearchNode implements StackPart {

    /** Where node folders go when the state directory is not reachable by the node's user (e.g. under /root). */
    static final Path UNREACHABLE_STATE_FALLBACK = Path.of("/var/lib/audit-repository");

    private final StackSettings settings;
    private final Map<String, String> launcherEnvironment;

    /** @param launcherEnvironment where ES_JAVA_HOME, JAVA_HOME and AUDIT_ES_USER are looked up */
    public ElasticsearchNode(StackSettings settings, Map<String, String> launcherEnvironment) {
        this.settings = settings;
        this.launcherEnvironment = Map.copyOf(launcherEnvironment);
    }

    @Override
    public Part part() {
        return Part.ELASTICSEARCH;
    }

    @Override
    public LaunchSpec prepare() {
        Path jdk = new JdkLocator(launcherEnvironment, Path.of("/usr/lib/jvm")).locate();
        ServerUser user = ServerUser.forElasticsearch(launcherEnvironment);
        Path home = new DistributionCache(settings.layout().cacheDir()).elasticsearchHome(Distributions.load());
        if (!user.canReach(home)) {
            throw new StackException("the Elasticsearch user '" + user.name() + "' cannot reach " + home
                    + ": set AUDIT_CACHE_DIR to a folder every user can read");
        }
        Path work = nodeDir(user);
        try {
            for (String sub : List.of("config/jvm.options.d", "data", "logs", "tmp")) {
                Files.createDirectories(work.resolve(sub));
            }
            writeConfig(home, work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Elasticsearch folders under " + work, e);
        }
        user.takeOwnership(work);
        if (!user.canReach(work.resolve("data"))) {
            throw new StackException("the Elasticsearch user '" + user.name() + "' cannot reach " + work);
        }
        List<String> command = new ArrayList<>(user.commandPrefix());
        command.add(home.resolve("bin").resolve("elasticsearch").toString());
        return new LaunchSpec(command, Map.of(
                "ES_JAVA_HOME", jdk.toString(),
                "ES_PATH_CONF", work.resolve("config").toString(),
                "ES_TMPDIR", work.resolve("tmp").toString(),
                "ES_JAVA_OPTS", "",
                "HOME", work.toString()), work);
    }

    @Override
    public boolean healthy() {
        return HttpProbe.get(settings.ports().elasticsearchUrl() + "/_cluster/health")
                .filter(answer -> answer.status() == 200)
                .map(answer -> answer.body().contains("\"status\":\"green\"") || answer.body().contains("\"status\":\"yellow\""))
                .orElse(false);
    }

    /**
     * The node's folder (config, data, logs, tmp). It is {@code <state>/elasticsearch} when the node's
     * user can reach it; otherwise a folder under {@code /var/lib/audit-repository} named after
     * the state directory, linked from {@code <state>/elasticsearch} so it is still found there.
     */
    public Path nodeDir(ServerUser user) {
        Path link = settings.layout().elasticsearchDir();
        try {
            if (Files.isSymbolicLink(link)) {
                return Files.readSymbolicLink(link);
            }
            if (user.canReach(link) || Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
                return link;
            }
            Path target = UNREACHABLE_STATE_FALLBACK.resolve(shortHash(settings.layout().stateDir().toString()));
            Files.createDirectories(target);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the Elasticsearch folder for " + link, e);
        }
    }

    private void writeConfig(Path home, Path work) throws IOException {
        Path config = work.resolve("config");
        Files.copy(home.resolve("config/log4j2.properties"), config.resolve("log4j2.properties"),
                StandardCopyOption.REPLACE_EXISTING);
        // The stock options write gc.log and heap dumps into the working directory, which is the
        // read-only distribution here: point them at the node's own folders.
        String jvmOptions = Files.readString(home.resolve("config/jvm.options"))
                .replace("file=gc.log", "file=" + work.resolve("logs/gc.log"))
                .replace("-XX:ErrorFile=hs_err_pid%p.log", "-XX:ErrorFile=" + work.resolve("logs/hs_err_pid%p.log"));
        Files.writeString(config.resolve("jvm.options"), jvmOptions);
        Files.writeString(config.resolve("jvm.options.d/arr.options"), String.join("\n",
                "-Xms" + settings.elasticsearchHeapMb() + "m",
                "-Xmx" + settings.elasticsearchHeapMb() + "m",
                "-XX:HeapDumpPath=" + work.resolve("data"),
                ""));
        StackPorts ports = settings.ports();
        Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                "# Written by the stack launcher at every start; edit StackSettings, not this file.",
                "cluster.name: audit-repository",
                "node.name: arr-node-1",
                "path.data: " + work.resolve("data"),
                "path.logs: " + work.resolve("logs"),
                "network.host: " + StackPorts.HOST,
                "http.port: " + ports.elasticsearch(),
                "transport.port: " + ports.elasticsearchTransport(),
                "discovery.type: single-node",
                // Loopback only and no security module configured: nothing off this machine can reach it.
                "xpack.security.enabled: false",
                // A full developer disk must not silently turn the audit indices read-only.
                "cluster.routing.allocation.disk.threshold_enabled: false",
                ""), StandardCharsets.UTF_8);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

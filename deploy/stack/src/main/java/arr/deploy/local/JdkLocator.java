package arr.deploy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK new enough for Elasticsearch 9 (21 or later): {@code ES_JAVA_HOME}, then {@code JAVA_HOME},
 * then the newest under {@code /usr/lib/jvm}. Our own code keeps running on 17.
 */
public final class JdkLocator {

    public static final int MINIMUM_FEATURE_VERSION = 21;
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private final Map<String, String> env;
    private final Path jvmDir;

    public JdkLocator(Map<String, String> env, Path jvmDir) {
        this.env = env;
        this.jvmDir = jvmDir;
    }

    public static JdkLocator system() {
        return new JdkLocator(System.getenv(), Path.of("/usr/lib/jvm"));
    }

    public Path locate() {
        String explicit = env.get("ES_JAVA_HOME");
        if (explicit != null && !explicit.isBlank()) {
            Path home = Path.of(explicit);
            int version = featureVersion(home).orElseThrow(() -> new StackException(
                    "ES_JAVA_HOME=" + explicit + " is not a JDK (no bin/java and release file there)"));
            if (version < MINIMUM_FEATURE_VERSION) {
                throw new StackException("ES_JAVA_HOME=" + explicit + " is Java " + version
                        + "; Elasticsearch 9 needs " + MINIMUM_FEATURE_VERSION + " or newer");
            }
            return home;
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(env.get("JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(candidates::add);
        candidates.addAll(installedJdks());
        return candidates.stream()
                .filter(home -> featureVersion(home).orElse(0) >= MINIMUM_FEATURE_VERSION)
                .findFirst()
                .orElseThrow(() -> new StackException("Elasticsearch 9 needs a JDK " + MINIMUM_FEATURE_VERSION
                        + " or newer and none was found in JAVA_HOME or " + jvmDir
                        + ": install one and set ES_JAVA_HOME to its folder"));
    }

    /** The JDK's feature version read from its {@code release} file, if it is a JDK. */
    static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private List<Path> installedJdks() {
        if (!Files.isDirectory(jvmDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(jvmDir)) {
            // Newest first; symlinked aliases resolve to the same JDK and do no harm.
            return entries.sorted(Comparator.comparing((Path p) -> featureVersion(p).orElse(0)).reversed()
                    .thenComparing(Path::toString)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}

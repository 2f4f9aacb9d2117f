package arr.schemas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Finds our own samples (test resources) and the real-world corpus (read in place, never copied). */
public final class Samples {

    private Samples() {
    }

    public static Path samplesDir() {
        try {
            return Path.of(Samples.class.getClassLoader().getResource("samples").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Path> samples(String status) {
        return list(samplesDir().resolve(status), ".xml");
    }

    public static List<Path> allSamples() {
        return Stream.of("valid", "warning", "invalid").flatMap(s -> samples(s).stream()).toList();
    }

    /**
     * The real-world corpus folder ({@code -Dcorpus.dir}, by default {@code ../shared/corpus/real}). Missing, the
     * caller is skipped with a warning; under {@code CI=true} a missing corpus fails instead.
     */
    public static Path corpusDir() {
        Path dir = Path.of(System.getProperty("corpus.dir", "../../shared/corpus/real"));
        if (!Files.isDirectory(dir)) {
            String message = "the real-world corpus is missing at " + dir.toAbsolutePath() + " (set -Dcorpus.dir)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; under CI=true that is a failure");
            }
            System.err.println("WARNING: " + message + "; conformance tests skipped");
            Assumptions.abort(message);
        }
        return dir;
    }

    public static List<Path> corpus(String suffix) {
        return list(corpusDir(), suffix);
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

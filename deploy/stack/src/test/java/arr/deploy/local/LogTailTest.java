package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void givesTheLastLinesOnly() throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n");
        String tail = LogTail.lastLines(log, 3);
        assertThat(tail).contains("line 98", "line 99", "line 100").doesNotContain("line 97");
    }

    @Test
    void saysSoWhenThereIsNoLog() {
        assertThat(LogTail.lastLines(dir.resolve("missing.log"), 5)).contains("no log file");
    }
}

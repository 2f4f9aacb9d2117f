package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void namesTheLiveProcessItWasWrittenFor() {
        PidFile file = new PidFile(dir.resolve("run/me.pid"));
        file.write(ProcessHandle.current());
        assertThat(file.liveProcess()).map(ProcessHandle::pid).contains(ProcessHandle.current().pid());
    }

    @Test
    void aRecycledPidWithAnotherStartTimeIsNotOurs() throws Exception {
        PidFile file = new PidFile(dir.resolve("me.pid"));
        Files.writeString(file.path(), ProcessHandle.current().pid() + "\n2001-01-01T00:00:00Z\n");
        assertThat(file.liveProcess()).isEmpty();
    }

    @Test
    void aDeadProcessOrAGarbledFileIsNothing() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        PidFile dead = new PidFile(dir.resolve("dead.pid"));
        Files.writeString(dead.path(), process.pid() + "\n-\n");
        assertThat(dead.liveProcess()).isEmpty();

        PidFile garbled = new PidFile(dir.resolve("garbled.pid"));
        Files.writeString(garbled.path(), "not a pid\n");
        assertThat(garbled.liveProcess()).isEmpty();
        assertThat(new PidFile(dir.resolve("missing.pid")).liveProcess()).isEmpty();
    }
}

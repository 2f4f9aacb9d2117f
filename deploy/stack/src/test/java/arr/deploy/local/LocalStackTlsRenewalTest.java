package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A collector started with TLS files that `up` then renewed is stopped, so that `up` starts it with the new ones. */
class LocalStackTlsRenewalTest {

    @TempDir
    Path dir;

    @Test
    void aRunningCollectorIsStoppedOnlyWhenItsTlsFilesWereRenewed() throws Exception {
        StackLayout layout = new StackLayout(dir, dir.resolve("cache"), Optional.empty());
        LocalStack stack = new LocalStack(StackSettings.testStack(layout), System.getenv());
        Process collector = new ProcessBuilder("sleep", "300").start();
        try {
            PidFile pidFile = new PidFile(layout.pidFile(Part.COLLECTOR));
            pidFile.write(collector.toHandle());

            stack.stopCollectorIfTlsRenewed(false, List.of(Part.COLLECTOR));
            stack.stopCollectorIfTlsRenewed(true, List.of(Part.KAFKA));
            assertThat(collector.isAlive()).as("files unchanged, or the collector not wanted").isTrue();

            stack.stopCollectorIfTlsRenewed(true, List.of(Part.KAFKA, Part.COLLECTOR));
            assertThat(collector.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join().isAlive()).isFalse();
            assertThat(pidFile.liveProcess()).isEmpty();
        } finally {
            collector.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}

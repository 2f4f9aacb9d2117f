package arr.indexer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.indexer.reconcile.ReconcileCommandAccess;
import arr.indexer.verify.VerifyCommandAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {

    @Test
    void aDateAnInstantAndAnOffsetTimeAreAccepted() {
        assertThat(TimeArgument.parse("--from", "2026-11-01", false)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TimeArgument.parse("--to", "2026-11-01", true)).isEqualTo(Instant.parse("2026-11-01T23:59:59.999999999Z"));
        assertThat(TimeArgument.parse("--to", "2026-11-01T09:00:00+01:00", true)).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    }

    @Test
    void anythingElseIsRefusedNamingTheOptionAndTheFormsItTakes() {
        assertThatThrownBy(() -> TimeArgument.parse("--to", "2026-11-01T08:00", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--to takes a date (2026-11-01) or an ISO-8601 time with its zone (2026-11-01T08:00:00Z, "
                        + "2026-11-01T09:00:00+01:00), not '2026-11-01T08:00'");
    }

    @Test
    void bothCommandsRefuseARangeThatEndsBeforeItStartsWithExitTwo() {
        String[] backwards = {"--from", "2026-12-01", "--to", "2026-11-01"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int verify = VerifyCommandAccess.run(backwards, Map.of(), new PrintStream(out), new PrintStream(err));
        int reconcile = ReconcileCommandAccess.run(backwards, Map.of(), new PrintStream(out), new PrintStream(err));

        assertThat(verify).isEqualTo(2);
        assertThat(reconcile).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("verify: --from (2026-12-01T00:00:00Z) is after --to (2026-11-01T23:59:59.999999999Z)")
                .contains("reconcile: --from 2026-12-01T00:00:00Z is not before --to 2026-11-01T23:59:59.999999999Z");
    }
}

package arr.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRunViewTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static ReportRun run(String status, String deadline) {
        ReportRun queued = ReportRun.queued("r1", "exports", "2026-11-01T00:00:00Z", "2026-11-27T23:59:59.999Z", List.of(),
                "officer", null, 1, "2026-11-28T09:00:00Z", deadline);
        return ReportRun.RUNNING.equals(status) ? queued.running("2026-11-28T09:00:01Z", deadline) : queued;
    }

    @Test
    void aRunStillUnfinishedAfterItsDeadlineShowsAsFailedSayingWhy() {
        ReportRunView view = ReportRunView.of(run(ReportRun.RUNNING, "2026-11-28T09:30:00Z"), NOW);
        assertThat(view.status()).isEqualTo("failed");
        assertThat(view.error()).contains("did not finish by its deadline");
        ReportRunView waited = ReportRunView.of(run(ReportRun.QUEUED, "2026-11-28T09:30:00Z"), NOW);
        assertThat(waited.status()).isEqualTo("failed");
        assertThat(waited.error()).contains("did not start by its deadline");
        assertThat(ReportRunView.of(run(ReportRun.RUNNING, "2026-11-28T10:30:00Z"), NOW).status()).isEqualTo("running");
        assertThat(ReportRunView.of(run(ReportRun.RUNNING, "2026-11-28T10:30:00Z"), NOW).files()).isEmpty();
    }

    @Test
    void aSucceededRunLinksItsPdfAndCsvWithTheirHashes() {
        ReportRun done = run(ReportRun.RUNNING, "2026-11-28T09:30:00Z").succeeded("2026-11-28T09:01:00Z", 3,
                new ReportRun.ReportFile("aa", 10, 1), new ReportRun.ReportFile("bb", 20, 1), List.of("P1"), List.of());
        ReportRunView view = ReportRunView.of(done, NOW);
        assertThat(view.status()).isEqualTo("succeeded");
        assertThat(view.files().get("pdf")).isEqualTo(new ReportRunView.FileLink("/api/v1/reports/runs/r1/report.pdf",
                "application/pdf", "aa", 10));
        assertThat(view.files().get("csv")).isEqualTo(new ReportRunView.FileLink("/api/v1/reports/runs/r1/report.csv",
                "text/csv", "bb", 20));
        assertThat(view.rows()).isEqualTo(3);
        // Past its deadline, but it finished: the deadline no longer matters.
        assertThat(ReportRunView.of(done, NOW.plusSeconds(86_400)).status()).isEqualTo("succeeded");
    }
}

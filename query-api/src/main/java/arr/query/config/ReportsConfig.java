package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Compliance reports (README "Compliance reports").
 *
 * @param maxRows    {@code AUDIT_REPORT_MAX_ROWS}: the most events one run lists; a period holding more fails the run
 *                   with a message saying so
 * @param pdfRows    {@code AUDIT_REPORT_PDF_ROWS}: how many of the newest events the PDF's table shows (the CSV has all)
 * @param schedules  {@code AUDIT_REPORT_SCHEDULES}: {@code REPORT FREQUENCY} pairs separated by commas, such as
 *                   {@code emergency-access daily, failed-logins weekly}; blank for none
 * @param zone       {@code AUDIT_REPORT_ZONE}: the time zone whose days, weeks (Monday first) and months schedules cover
 * @param delay      {@code AUDIT_REPORT_DELAY}: how long after a period ends its scheduled run starts, so that late
 *                   messages (devices that buffer) are in it
 * @param maxRunTime {@code AUDIT_REPORT_MAX_RUN_TIME}: a run must start within this long of being asked for, and
 *                   finish within this long of starting; past that it counts as failed
 * @param keep       {@code AUDIT_REPORT_KEEP}: runs and their files older than this are deleted (they hold patient
 *                   identifiers, so they are not kept for ever)
 * @param queue      how many runs may wait for the one that runs at a time
 */
@ConfigurationProperties("arr.reports")
public record ReportsConfig(@Min(1) long maxRows, @Min(0) @Max(100_000) int pdfRows, @Nullable String schedules,
                            String zone, Duration delay, Duration maxRunTime, Duration keep, @Min(1) int queue) {
}

package arr.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.query.config.ReportMailConfig;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notices of scheduled runs through a real SMTP server on loopback (GreenMail). */
class ReportMailerTest {

    private static final String PATIENT = "P4711^^^&1.2.3&ISO";

    private GreenMail smtp;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    /** Waits until the server holds this many messages (one per recipient). */
    private void received(int messages) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> smtp.getReceivedMessages().length >= messages);
    }

    private ReportMailConfig config(String to, String from, String host, int port, String security) {
        return new ReportMailConfig(to, from, host, port, security, null, null);
    }

    private ReportMailer mailer() {
        return ReportMailer.of(config("officer@hospital.example, dpo@hospital.example", "arr@hospital.example",
                "127.0.0.1", smtp.getSmtp().getPort(), "none"), Optional.of("https://audit.hospital.example"), metrics)
                .orElseThrow();
    }

    private static ReportRun scheduled() {
        return ReportRun.queued("emergency-access-daily-2026-11-27", "emergency-access", "2026-11-27T00:00:00Z",
                "2026-11-27T23:59:59.999Z", List.of(), ReportScheduler.USER, "daily", 1, "2026-11-28T01:00:00Z",
                "2026-11-28T01:30:00Z").running("2026-11-28T01:00:01Z", "2026-11-28T01:30:01Z");
    }

    @Test
    void aSucceededScheduledRunIsNoticedWithItsLinksAndHashesButNoAuditData() throws Exception {
        ReportRun done = scheduled().succeeded("2026-11-28T01:00:09Z", 3, new ReportRun.ReportFile("aa".repeat(32), 10, 1),
                new ReportRun.ReportFile("bb".repeat(32), 20, 1), List.of(PATIENT), List.of(PATIENT));
        mailer().finished(done, "Emergency access (break-glass)");
        received(2);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("Report ready: Emergency access (break-glass), daily from 2026-11-27T00:00:00Z");
        assertThat(message.getFrom()[0].toString()).isEqualTo("arr@hospital.example");
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("officer@hospital.example", "dpo@hospital.example");
        String body = GreenMailUtil.getBody(message);
        assertThat(body).contains("https://audit.hospital.example/api/v1/reports/runs/emergency-access-daily-2026-11-27/report.pdf",
                "aa".repeat(32), "bb".repeat(32), "2026-11-27T23:59:59.999Z").doesNotContain("P4711").doesNotContain(" 3 ");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metrics.counter("arr.report.notices", "status", "sent").count()).isEqualTo(1));
    }

    @Test
    void aFailedScheduledRunIsNoticedWithWhy() throws Exception {
        mailer().finished(scheduled().failed("2026-11-28T01:00:09Z", "the period holds 123456 events, more than ...", true),
                "Exports");
        received(2);
        MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getSubject()).startsWith("Report failed: Exports, daily");
        // Not the error's text: it can state how many events the period holds.
        assertThat(GreenMailUtil.getBody(message)).contains("Why: on the run's status page", "attempt 1 of 3")
                .doesNotContain("123456");
    }

    @Test
    void aRunOnRequestIsNotNoticed() throws Exception {
        ReportRun onRequest = ReportRun.queued("r1", "exports", "2026-11-01T00:00:00Z", "2026-11-30T23:59:59.999Z",
                List.of(), "officer", null, 1, "2026-12-01T00:00:00Z", "2026-12-01T00:30:00Z");
        mailer().finished(onRequest.failed("2026-12-01T00:00:01Z", "why", true), "Exports");
        Thread.sleep(1000);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatCannotBeReachedIsCountedAndLeavesTheRunAlone() {
        ReportMailer mailer = mailer();
        smtp.stop();
        mailer.finished(scheduled().failed("2026-11-28T01:00:09Z", "why", true), "Exports");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metrics.counter("arr.report.notices", "status", "failed").count()).isEqualTo(1));
    }

    @Test
    void noRecipientsMeansNoMailer() {
        assertThat(ReportMailer.of(config(" ", null, null, 587, "starttls"), Optional.empty(), metrics)).isEmpty();
    }

    @Test
    void aWrongSettingStopsTheStartNamingItsVariable() {
        assertThatThrownBy(() -> ReportMailer.of(config("a@b.example", null, "127.0.0.1", 25, "none"), Optional.empty(), metrics))
                .hasMessageContaining("AUDIT_REPORT_MAIL_FROM");
        assertThatThrownBy(() -> ReportMailer.of(config("not an address", "a@b.example", "127.0.0.1", 25, "none"),
                Optional.empty(), metrics)).hasMessageContaining("AUDIT_REPORT_MAIL_TO");
        assertThatThrownBy(() -> ReportMailer.of(config("a@b.example", "a@b.example", null, 25, "none"), Optional.empty(), metrics))
                .hasMessageContaining("AUDIT_SMTP_HOST");
        assertThatThrownBy(() -> ReportMailer.of(config("a@b.example", "a@b.example", "mail.hospital.example", 25, "none"),
                Optional.empty(), metrics)).hasMessageContaining("AUDIT_SMTP_SECURITY").hasMessageContaining("this host");
        assertThatThrownBy(() -> ReportMailer.of(config("a@b.example", "a@b.example", "relay.localhost.example", 25, "none"),
                Optional.empty(), metrics)).hasMessageContaining("AUDIT_SMTP_SECURITY");
        assertThatThrownBy(() -> ReportMailer.of(config("a@b.example", "a@b.example, c@d.example", "127.0.0.1", 25, "none"),
                Optional.empty(), metrics)).hasMessageContaining("one sender");
        assertThat(ReportMailer.of(config("a@b.example", "a@b.example", "localhost", 25, "none"), Optional.empty(), metrics))
                .isPresent();
        assertThatThrownBy(() -> ReportMailer.of(config("a@b.example", "a@b.example", "127.0.0.1", 25, "ssl3"),
                Optional.empty(), metrics)).hasMessageContaining("AUDIT_SMTP_SECURITY");
        assertThatThrownBy(() -> ReportMailer.of(config("a@b.example", "a@b.example", "127.0.0.1", 0, "none"),
                Optional.empty(), metrics)).hasMessageContaining("AUDIT_SMTP_PORT");
        assertThat(ReportMailer.of(config("a@b.example", "a@b.example", "mail.hospital.example", 587, "starttls"),
                Optional.empty(), metrics)).isPresent();
    }
}

package arr.query.report;

import arr.query.config.ReportMailConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the configured recipients by e-mail when a scheduled report run ended: which report and period, whether it
 * succeeded, where to fetch it and the SHA-256 of its files. Never the files, counts or any patient: those are served
 * after login, and each download is audited. A notice that cannot be sent is logged and counted; the run is not
 * affected.
 */
public class ReportMailer implements ReportRunner.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ReportMailer.class);
    private static final String TIMEOUT_MS = "20000";
    private static final int QUEUE = 100;

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Optional<String> baseUrl;
    private final MeterRegistry metrics;
    private final java.util.concurrent.ExecutorService sending = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "report-notices");
                thread.setDaemon(true);
                return thread;
            });

    private ReportMailer(Session session, InternetAddress from, InternetAddress[] to, Optional<String> baseUrl,
                         MeterRegistry metrics) {
        this.session = session;
        this.from = from;
        this.to = to;
        this.baseUrl = baseUrl;
        this.metrics = metrics;
    }

    /**
     * The mailer the configuration asks for, or none when {@code AUDIT_REPORT_MAIL_TO} is blank.
     *
     * @param baseUrl the query API's URL as clients reach it ({@code AUDIT_API_PUBLIC_URL}), for links; without it the
     *                notice gives the path
     * @throws IllegalArgumentException naming the variable that is missing or wrong
     */
    public static Optional<ReportMailer> of(ReportMailConfig config, Optional<String> baseUrl, MeterRegistry metrics) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        InternetAddress[] to = addresses("AUDIT_REPORT_MAIL_TO", config.to());
        if (config.from() == null || config.from().isBlank()) {
            throw new IllegalArgumentException("AUDIT_REPORT_MAIL_FROM: the sender of report notices is missing");
        }
        InternetAddress[] senders = addresses("AUDIT_REPORT_MAIL_FROM", config.from());
        if (senders.length != 1) {
            throw new IllegalArgumentException("AUDIT_REPORT_MAIL_FROM: one sender, not " + senders.length);
        }
        InternetAddress from = senders[0];
        if (config.smtpHost() == null || config.smtpHost().isBlank()) {
            throw new IllegalArgumentException("AUDIT_SMTP_HOST: the mail server for report notices is missing");
        }
        if (config.smtpPort() < 1 || config.smtpPort() > 65535) {
            throw new IllegalArgumentException("AUDIT_SMTP_PORT: " + config.smtpPort() + " is not a port");
        }
        Properties properties = new Properties();
        properties.put("mail.smtp.host", config.smtpHost());
        properties.put("mail.smtp.port", Integer.toString(config.smtpPort()));
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        properties.put("mail.smtp.timeout", TIMEOUT_MS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MS);
        switch (config.security().strip().toLowerCase(Locale.ROOT)) {
            case "starttls" -> {
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "tls" -> {
                properties.put("mail.smtp.ssl.enable", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "none" -> {
                // Plain SMTP only to a relay on this host: notices name reports and runs, which do not cross a network
                // in clear.
                if (!loopback(config.smtpHost())) {
                    throw new IllegalArgumentException("AUDIT_SMTP_SECURITY: none is taken only for a mail relay on this "
                            + "host, not " + config.smtpHost() + "; use starttls or tls");
                }
            }
            default -> throw new IllegalArgumentException("AUDIT_SMTP_SECURITY: '" + config.security()
                    + "' is not starttls, tls or none");
        }
        Authenticator authenticator = null;
        if (config.user() != null && !config.user().isBlank()) {
            properties.put("mail.smtp.auth", "true");
            String password = config.password() == null ? "" : config.password();
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(config.user(), password);
                }
            };
        }
        return Optional.of(new ReportMailer(Session.getInstance(properties, authenticator), from, to, baseUrl, metrics));
    }

    /** Sends off the report thread: a slow relay must not hold the runs waiting behind it. */
    @Override
    public void finished(ReportRun run, String title) {
        if (run.schedule() == null) {
            return;
        }
        try {
            sending.execute(() -> send(run, title));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            metrics.counter("arr.report.notices", "status", "failed").increment();
            LOG.error("report run {}: the notice was not sent, {} are waiting already", run.id(), QUEUE);
        }
    }

    private void send(ReportRun run, String title) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSentDate(new Date());
            message.setSubject(subject(run, title), StandardCharsets.UTF_8.name());
            message.setText(body(run, title, baseUrl), StandardCharsets.UTF_8.name());
            Transport.send(message);
            metrics.counter("arr.report.notices", "status", "sent").increment();
            LOG.info("report run {} ({}): notice sent to {} recipients", run.id(), run.status(), to.length);
        } catch (MessagingException | RuntimeException e) {
            metrics.counter("arr.report.notices", "status", "failed").increment();
            LOG.error("report run {}: the notice could not be sent: {}", run.id(), e.toString());
        }
    }

    static String subject(ReportRun run, String title) {
        return (ReportRun.SUCCEEDED.equals(run.status()) ? "Report ready: " : "Report failed: ") + title + ", "
                + run.schedule() + " from " + run.from();
    }

    static String body(ReportRun run, String title, Optional<String> baseUrl) {
        String link = baseUrl.orElse("") + "/api/v1/reports/runs/" + run.id();
        StringBuilder out = new StringBuilder();
        out.append("The ").append(run.schedule()).append(" run of the compliance report \"").append(title).append("\" ")
                .append(ReportRun.SUCCEEDED.equals(run.status()) ? "is ready." : "failed.").append("\n\n")
                .append("Period (event time): ").append(run.from()).append(" to ").append(run.to()).append('\n')
                .append("Run: ").append(run.id()).append(" (attempt ").append(run.attempt()).append(")\n")
                .append("Status: ").append(link).append('\n');
        if (ReportRun.SUCCEEDED.equals(run.status())) {
            out.append("PDF: ").append(link).append("/report.pdf\n  SHA-256 ").append(run.pdf().sha256()).append('\n')
                    .append("CSV: ").append(link).append("/report.csv\n  SHA-256 ").append(run.csv().sha256()).append('\n')
                    .append("\nThe files are served to privacy officers after login, and each download is recorded in the "
                            + "audit trail. This message holds no audit data.\n");
        } else {
            // Not the run's error text: it can state how many events the period holds.
            out.append("Why: on the run's status page, after login.\n");
            if (!Boolean.FALSE.equals(run.retry()) && run.attempt() < ReportService.MAX_ATTEMPTS) {
                out.append("It is attempted again automatically (this was attempt ").append(run.attempt()).append(" of ")
                        .append(ReportService.MAX_ATTEMPTS).append(").\n");
            }
        }
        return out.toString();
    }

    private static InternetAddress[] addresses(String variable, String value) {
        try {
            InternetAddress[] addresses = InternetAddress.parse(value, true);
            if (addresses.length == 0) {
                throw new IllegalArgumentException(variable + ": no address in '" + value + "'");
            }
            for (InternetAddress address : addresses) {
                address.validate();
            }
            return addresses;
        } catch (AddressException e) {
            throw new IllegalArgumentException(variable + ": '" + value + "' is not a list of e-mail addresses: "
                    + e.getMessage());
        }
    }

    /** {@code localhost} or a loopback address literal: a name that could later resolve elsewhere is not taken. */
    private static boolean loopback(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (literal.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

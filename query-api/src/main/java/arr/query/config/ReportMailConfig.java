package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Notices of scheduled report runs by e-mail (README "Compliance reports"); off while {@code to} is blank.
 *
 * @param to       {@code AUDIT_REPORT_MAIL_TO}: recipients, separated by commas
 * @param from     {@code AUDIT_REPORT_MAIL_FROM}: the sender
 * @param smtpHost {@code AUDIT_SMTP_HOST}
 * @param smtpPort {@code AUDIT_SMTP_PORT}
 * @param security {@code AUDIT_SMTP_SECURITY}: {@code starttls} (required, the default), {@code tls} (implicit), or
 *                 {@code none}, taken only for a relay on this host (loopback)
 * @param user     {@code AUDIT_SMTP_USER}, blank for none
 * @param password {@code AUDIT_SMTP_PASSWORD}
 */
@ConfigurationProperties("arr.reports.mail")
public record ReportMailConfig(@Nullable String to, @Nullable String from, @Nullable String smtpHost, int smtpPort,
                               String security, @Nullable String user, @Nullable String password) {

    public boolean enabled() {
        return to != null && !to.isBlank();
    }
}

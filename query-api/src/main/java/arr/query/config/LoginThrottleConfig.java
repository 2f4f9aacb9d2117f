package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Brute-force protection: after {@code maxFailures} failed logins for one user name or from one address within
 * {@code window}, every request from it is answered 429 for {@code lockout}.
 *
 * @param maxFailures {@code AUDIT_LOGIN_MAX_FAILURES}, default 5
 * @param window      {@code AUDIT_LOGIN_WINDOW}, default 1 minute
 * @param lockout     {@code AUDIT_LOGIN_LOCKOUT}, default 1 minute
 */
@ConfigurationProperties("arr.login-throttle")
public record LoginThrottleConfig(@Min(1) int maxFailures, @NotNull Duration window, @NotNull Duration lockout) {
}

package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Brute-force protection: after {@code maxFailures} failed logins for one user name, or {@code maxFailuresPerAddress}
 * from one address, within {@code window}, every request with that name or from that address is answered 429 for
 * {@code lockout}.
 *
 * @param maxFailures           {@code AUDIT_LOGIN_MAX_FAILURES}, default 5
 * @param maxFailuresPerAddress {@code AUDIT_LOGIN_MAX_FAILURES_PER_ADDRESS}, default 20: higher than per user, because
 *                              an address is shared (a terminal server, a proxy, NAT) and a few typos of several users
 *                              there must not lock all of them out; it still stops one address guessing across names
 * @param window                {@code AUDIT_LOGIN_WINDOW}, default 1 minute
 * @param lockout               {@code AUDIT_LOGIN_LOCKOUT}, default 1 minute
 */
@ConfigurationProperties("arr.login-throttle")
public record LoginThrottleConfig(@Min(1) int maxFailures, @Min(1) int maxFailuresPerAddress, @NotNull Duration window,
                                  @NotNull Duration lockout) {
}

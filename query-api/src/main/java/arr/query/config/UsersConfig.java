package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * The three accounts of the query API (CONTRACT.md §2), each with a BCrypt hash of its password; the service
 * never sees a password in clear. There are no defaults: a missing variable stops the start with its name.
 *
 * @param officerUser            {@code AUDIT_OFFICER_USER}, role {@code privacy-officer}
 * @param officerPasswordBcrypt  {@code AUDIT_OFFICER_PASSWORD_BCRYPT}
 * @param auditorUser            {@code AUDIT_AUDITOR_USER}, role {@code auditor}
 * @param auditorPasswordBcrypt  {@code AUDIT_AUDITOR_PASSWORD_BCRYPT}
 * @param adminUser              {@code AUDIT_ADMIN_USER}, role {@code admin}
 * @param adminPasswordBcrypt    {@code AUDIT_ADMIN_PASSWORD_BCRYPT}
 */
@ConfigurationProperties("arr.users")
public record UsersConfig(
        @NotBlank String officerUser,
        @NotBlank String officerPasswordBcrypt,
        @NotBlank String auditorUser,
        @NotBlank String auditorPasswordBcrypt,
        @NotBlank String adminUser,
        @NotBlank String adminPasswordBcrypt) {
}

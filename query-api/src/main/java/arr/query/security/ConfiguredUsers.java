package arr.query.security;

import arr.query.config.UsersConfig;
import io.micronaut.context.annotation.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured accounts by user name, each with its password hash and its roles. Made when the service starts
 * ({@code @Context}), so that a missing {@code AUDIT_*_USER} or {@code AUDIT_*_PASSWORD_BCRYPT} stops the start naming
 * the variable instead of failing the first request.
 */
@Context
public class ConfiguredUsers {

    /** One account. */
    public record Account(String name, String passwordHash, List<String> roles) {
    }

    private final Map<String, Account> accounts;

    public ConfiguredUsers(UsersConfig config) {
        this.accounts = Map.of(
                config.officerUser(), new Account(config.officerUser(), config.officerPasswordBcrypt(), Roles.OF_PRIVACY_OFFICER),
                config.auditorUser(), new Account(config.auditorUser(), config.auditorPasswordBcrypt(), Roles.OF_AUDITOR),
                config.adminUser(), new Account(config.adminUser(), config.adminPasswordBcrypt(), Roles.OF_ADMIN));
    }

    public Optional<Account> find(String name) {
        return Optional.ofNullable(accounts.get(name));
    }

    /** The accounts' user names. */
    public java.util.Set<String> names() {
        return accounts.keySet();
    }

    /** A real hash of the same cost to check unknown user names against (the result is never used). */
    public String decoyHash() {
        return accounts.values().iterator().next().passwordHash();
    }
}

package arr.query.security;

import arr.query.selfaudit.SelfAuditor;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

/**
 * Checks HTTP Basic credentials against the configured accounts (runs on the blocking executor: BCrypt is slow).
 * A failed login is counted by the {@link LoginThrottle} and recorded as a DICOM User Authentication (110114)
 * event with a failure outcome (8, excess retries, for the one that locks the user or address out).
 */
@Singleton
public class BasicAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    /** How long a check waits for a slot while others of the same user or address run (BCrypt: ~70 ms each). */
    static final java.time.Duration SLOT_WAIT = java.time.Duration.ofSeconds(5);

    private final ConfiguredUsers users;
    private final PasswordVerifier passwords;
    private final LoginThrottle throttle;
    private final SelfAuditor selfAuditor;

    public BasicAuthenticationProvider(ConfiguredUsers users, PasswordVerifier passwords, LoginThrottle throttle,
                                       SelfAuditor selfAuditor) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.selfAuditor = selfAuditor;
    }

    @Override
    public AuthenticationResponse authenticate(HttpRequest<B> request, AuthenticationRequest<String, String> credentials) {
        String user = credentials.getIdentity();
        var account = users.find(user);
        if (account.isPresent() && passwords.remembered(user, credentials.getSecret())) {
            // A password verified before costs no BCrypt and guesses nothing: it takes no slot of the throttle, whose
            // limit on checks in flight would otherwise refuse a client's sixth parallel request. (A locked-out user
            // or address never gets here: LoginThrottleFilter answers 429 first.)
            return AuthenticationResponse.success(user, account.get().roles());
        }
        String address = ClientAddress.of(request);
        if (!throttle.reserve(user, address, SLOT_WAIT)) {
            // Locked out, or no check ended within the wait while as many ran as failures are left: no password check.
            return AuthenticationResponse.failure(AuthenticationFailureReason.ACCOUNT_LOCKED);
        }
        boolean ok = false;
        try {
            // An unknown user costs a BCrypt check too, so that timing does not tell which user names exist.
            ok = passwords.matches(user, credentials.getSecret(), account.map(ConfiguredUsers.Account::passwordHash)
                    .orElse(users.decoyHash())) && account.isPresent();
        } finally {
            boolean lockedOut = throttle.end(user, address, ok);
            if (!ok) {
                selfAuditor.failedLogin(user, address, lockedOut);
            }
        }
        return ok ? AuthenticationResponse.success(user, account.get().roles())
                : AuthenticationResponse.failure(account.isPresent()
                        ? AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH : AuthenticationFailureReason.USER_NOT_FOUND);
    }
}

package arr.query.security;

import arr.query.config.DirectoryConfig;
import arr.query.selfaudit.SelfAuditor;
import io.micronaut.context.annotation.Context;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks HTTP Basic credentials against the configured accounts, then, for any other user name, against the
 * hospital's directory when one is configured (runs on the blocking executor: BCrypt and the directory are slow).
 * A failed login is counted by the {@link LoginThrottle} and recorded as a DICOM User Authentication (110114)
 * event with a failure outcome (8, excess retries, for the one that locks the user or address out). Made at start
 * ({@code @Context}), so that a half-configured directory stops the start instead of the first login.
 */
@Context
public class BasicAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    /** How long a check waits for a slot while others of the same user or address run (BCrypt: ~70 ms each). */
    static final java.time.Duration SLOT_WAIT = java.time.Duration.ofSeconds(5);

    private final ConfiguredUsers users;
    private final PasswordVerifier passwords;
    private final LoginThrottle throttle;
    private final SelfAuditor selfAuditor;
    private final DirectoryAccounts directory;
    private final java.time.Duration slotWait;

    @Inject
    public BasicAuthenticationProvider(ConfiguredUsers users, PasswordVerifier passwords, LoginThrottle throttle,
                                       SelfAuditor selfAuditor, DirectoryConfig directory) {
        this(users, passwords, throttle, selfAuditor,
                directory.enabled() ? new DirectoryAccounts(directory, users.names(), Clock.systemUTC()) : null, SLOT_WAIT);
    }

    /** @param directory the directory's accounts, or null when there is none */
    BasicAuthenticationProvider(ConfiguredUsers users, PasswordVerifier passwords, LoginThrottle throttle, SelfAuditor selfAuditor,
                                DirectoryAccounts directory, java.time.Duration slotWait) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.selfAuditor = selfAuditor;
        this.directory = directory;
        this.slotWait = slotWait;
    }

    @Override
    public AuthenticationResponse authenticate(HttpRequest<B> request, AuthenticationRequest<String, String> credentials) {
        String user = credentials.getIdentity();
        String password = credentials.getSecret();
        var account = users.find(user);
        boolean fromDirectory = account.isEmpty() && directory != null;
        String address = ClientAddress.of(request);
        if (!throttle.tracks(user, address)) {
            // The throttle's table is full: a failure could not be counted, so not even a remembered password is compared.
            return AuthenticationResponse.failure(AuthenticationFailureReason.ACCOUNT_LOCKED);
        }
        // Whether the password is compared with a remembered one below: a wrong one is a guess, whatever follows.
        boolean compared = account.isPresent() ? passwords.knows(user) : fromDirectory && directory.knows(user);
        // A password verified before costs no BCrypt, asks no directory and guesses nothing: it takes no slot of the
        // throttle, whose limit on checks in flight would otherwise refuse a client's sixth parallel request. (A
        // locked-out user or address never gets here: LoginThrottleFilter answers 429 first.)
        if (account.isPresent() && passwords.remembered(user, password)) {
            return AuthenticationResponse.success(user, account.get().roles());
        }
        if (fromDirectory) {
            Optional<DirectoryAccounts.Login> known = directory.remembered(user, password);
            if (known.isPresent()) {
                return AuthenticationResponse.success(known.get().name(), known.get().roles());
            }
        }
        if (!throttle.reserve(user, address, slotWait)) {
            // Locked out, or no check ended within the wait while as many ran as failures are left: no password check.
            // But a password compared with a remembered one above was a guess: counted, or parallel requests would
            // guess for free while the checks in flight fill the limit.
            if (compared) {
                boolean lockedOut = throttle.failedWithoutCheck(user, address);
                selfAuditor.failedLogin(user, address, lockedOut);
            }
            return AuthenticationResponse.failure(AuthenticationFailureReason.ACCOUNT_LOCKED);
        }
        boolean ok = false;
        boolean checked = false;
        Optional<DirectoryAccounts.Login> login = Optional.empty();
        try {
            if (fromDirectory) {
                login = directory.authenticate(user, password);
                ok = login.isPresent();
            } else {
                // An unknown user costs a BCrypt check too, so that timing does not tell which user names exist.
                ok = passwords.matches(user, password, account.map(ConfiguredUsers.Account::passwordHash)
                        .orElse(users.decoyHash())) && account.isPresent();
            }
            checked = true;
        } finally {
            // A directory that could not be asked said nothing of the password: not a failure (else its outage would
            // lock every directory user out, and record failed logins that were none), unless the password was compared
            // with a remembered one and differed, which is a guess like any other.
            boolean failed = !ok && (checked || compared);
            boolean lockedOut = throttle.end(user, address, !failed);
            if (failed) {
                selfAuditor.failedLogin(user, address, lockedOut);
            }
        }
        if (login.isPresent()) {
            return AuthenticationResponse.success(login.get().name(), login.get().roles());
        }
        return ok ? AuthenticationResponse.success(user, account.get().roles())
                : AuthenticationResponse.failure(account.isPresent() || fromDirectory
                        ? AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH : AuthenticationFailureReason.USER_NOT_FOUND);
    }
}

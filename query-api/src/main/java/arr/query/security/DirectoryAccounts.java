package arr.query.security;

import arr.query.config.DirectoryConfig;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Personal accounts from the hospital's directory (LDAP, Active Directory), with the UnboundID LDAP SDK: on its own
 * connection for each login, the service account looks the user up by the configured filter, then the connection binds
 * as the entry found, with the password given (the directory checks it: locked, disabled and expired accounts fail
 * there), and the entry's direct group memberships ({@code memberOf}) give its role. LDAPS with the host name checked
 * against the certificate, or plain LDAP to a loopback address only (see {@link DirectoryConfig}).
 *
 * <p>A verified login is remembered for {@code AUDIT_LDAP_REMEMBER} as a keyed digest of the user name and password
 * (HMAC with a key that lives only in this process), so HTTP Basic does not ask the directory on every request; a
 * disabled account or a removed membership counts at the latest when that ends. Failures are never remembered. An
 * empty password is refused without asking: LDAP takes a bind with an empty password as an anonymous one, which
 * "succeeds".
 */
public final class DirectoryAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryAccounts.class);
    private static final String MEMBER_OF = "memberOf";
    /** Longer user names are no names (and would make long filters). */
    private static final int MAX_USER_NAME = 256;
    /** Remembered logins at most: beyond, the expired ones are dropped, and if none is, a login is not remembered. */
    static final int MAX_REMEMBERED = 10_000;

    /** A user the directory let in, by the name its entry gives, with its roles. */
    public record Login(String name, List<String> roles) {
    }

    /** The directory could not be asked (unreachable, timed out, the service account refused): no verdict on the password. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Remembered(byte[] digest, Login login, Instant until) {
    }

    private final DirectoryConfig config;
    private final Set<String> reservedNames;
    private final DN auditors;
    private final DN officers;
    private final DN admins;
    private final SocketFactory sockets;
    private final LDAPConnectionOptions options;
    private final Clock clock;
    private final KeyedDigest digests = new KeyedDigest();
    /** By the user name in its canonical form ({@link UserNames}), as the directory matches names. */
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /**
     * @param reservedNames the configured accounts' names: a directory user named like one (in any spelling) would act
     *                      under that account's name in the audit trail, and own its paging cursors, so it is refused
     */
    public DirectoryAccounts(DirectoryConfig config, Set<String> reservedNames, Clock clock) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("the directory is not configured (AUDIT_LDAP_URL)");
        }
        this.config = config;
        this.reservedNames = reservedNames.stream().map(UserNames::canonical).collect(Collectors.toUnmodifiableSet());
        this.auditors = dn(config.auditorGroup());
        this.officers = dn(config.officerGroup());
        this.admins = dn(config.adminGroup());
        this.clock = clock;
        this.sockets = config.tls() ? tlsSockets(config.caCert()) : SocketFactory.getDefault();
        this.options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) config.timeout().toMillis());
        options.setResponseTimeoutMillis(config.timeout().toMillis());
        // Never to another server than the one configured, whatever a system property says.
        options.setFollowReferrals(false);
        if (config.tls()) {
            // The certificate must name the host: a CA-signed certificate of another host would otherwise do.
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
    }

    /** The login, if this password was verified for this user name within the remembered time: no directory request. */
    public Optional<Login> remembered(String user, String password) {
        String key = UserNames.canonical(user);
        Remembered known = remembered.get(key);
        if (known == null) {
            return Optional.empty();
        }
        if (!known.until().isAfter(clock.instant())) {
            remembered.remove(key, known);
            return Optional.empty();
        }
        return MessageDigest.isEqual(known.digest(), digests.of(key, password)) ? Optional.of(known.login()) : Optional.empty();
    }

    /** Whether a login of this user name is remembered: a password compared with it is a guess, to be counted. */
    public boolean knows(String user) {
        Remembered known = remembered.get(UserNames.canonical(user));
        return known != null && known.until().isAfter(clock.instant());
    }

    /**
     * Asks the directory. Empty when the user is unknown (or not one entry), the password wrong, or the user in none of
     * the role groups; the reason is logged.
     *
     * @throws UnavailableException when the directory could not be asked
     */
    public Optional<Login> authenticate(String user, String password) {
        Optional<Login> known = remembered(user, password);
        if (known.isPresent()) {
            return known;
        }
        if (password.isEmpty() || user.isEmpty() || user.length() > MAX_USER_NAME) {
            return Optional.empty();
        }
        try (LDAPConnection connection = new LDAPConnection(sockets, options, config.uri().getHost(), config.port())) {
            connection.bind(config.bindDn(), config.bindPassword());
            SearchResultEntry entry = find(connection, user);
            if (entry == null) {
                return Optional.empty();
            }
            try {
                connection.bind(entry.getDN(), password);
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                    LOG.info("directory login of {} failed: the directory refused the password ({})", entry.getDN(),
                            e.getDiagnosticMessage());
                    return Optional.empty();
                }
                throw e;
            }
            List<String> roles = roles(entry);
            if (roles.isEmpty()) {
                LOG.warn("directory login of {} refused: it is in none of the groups AUDIT_LDAP_AUDITOR_GROUP, "
                        + "AUDIT_LDAP_OFFICER_GROUP, AUDIT_LDAP_ADMIN_GROUP", entry.getDN());
                return Optional.empty();
            }
            String[] names = entry.getAttributeValues(config.nameAttribute());
            if (names == null || names.length != 1 || names[0].isBlank()) {
                LOG.error("directory login of {} refused: it needs exactly one {} (AUDIT_LDAP_NAME_ATTRIBUTE), which names it "
                        + "in the audit trail", entry.getDN(), config.nameAttribute());
                return Optional.empty();
            }
            if (reservedNames.contains(UserNames.canonical(names[0]))) {
                LOG.error("directory login refused: the directory names the user {}, as a configured account (AUDIT_*_USER) "
                        + "is named; rename one of them", names[0]);
                return Optional.empty();
            }
            Login login = new Login(names[0], roles);
            remember(UserNames.canonical(user), password, login);
            return Optional.of(login);
        } catch (LDAPException e) {
            throw new UnavailableException("the directory " + config.url() + " could not be asked: " + e.getResultCode()
                    + " " + e.getMessage(), e);
        }
    }

    private void remember(String key, String password, Login login) {
        if (config.remember().isZero()) {
            return; // every login asks the directory
        }
        Instant now = clock.instant();
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.values().removeIf(r -> !r.until().isAfter(now));
        }
        if (remembered.size() < MAX_REMEMBERED || remembered.containsKey(key)) {
            remembered.put(key, new Remembered(digests.of(key, password), login, now.plus(config.remember())));
        }
    }

    /** The one entry the filter finds for this user name, or null (none, or more than one: which would it be?). */
    private SearchResultEntry find(LDAPConnection connection, String user) throws LDAPException {
        String filter = config.userFilter().replace("{0}", Filter.encodeValue(user));
        SearchRequest request = new SearchRequest(config.userBase(), SearchScope.SUB, Filter.create(filter),
                config.nameAttribute(), MEMBER_OF);
        request.setSizeLimit(2);
        SearchResult result;
        try {
            result = connection.search(request);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw e;
            }
            result = e.getSearchResult();
        }
        if (result.getEntryCount() != 1) {
            LOG.info("directory login refused: {} entries under {} match {}", result.getEntryCount(), config.userBase(), filter);
            return null;
        }
        return result.getSearchEntries().get(0);
    }

    /** The roles of the groups the entry is a direct member of: the highest counts, as roles are cumulative. */
    private List<String> roles(SearchResultEntry entry) {
        String[] groups = entry.getAttributeValues(MEMBER_OF);
        if (groups == null) {
            return List.of();
        }
        boolean auditor = false;
        boolean officer = false;
        boolean admin = false;
        for (String group : groups) {
            DN dn;
            try {
                dn = new DN(group);
            } catch (LDAPException e) {
                continue; // not a DN, so none of the groups
            }
            admin |= dn.equals(admins);
            officer |= dn.equals(officers);
            auditor |= dn.equals(auditors);
        }
        return admin ? Roles.OF_ADMIN : officer ? Roles.OF_PRIVACY_OFFICER : auditor ? Roles.OF_AUDITOR : List.of();
    }

    /** The group's DN, or null when not configured; DirectoryConfig has checked that it parses. */
    private static DN dn(String group) {
        try {
            return group == null ? null : new DN(group);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("not a DN: " + group, e);
        }
    }

    /** TLS sockets trusting the CA file, or the JDK's CAs when none is given. */
    private static SocketFactory tlsSockets(String caFile) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (caFile == null) {
                context.init(null, null, null);
                return context.getSocketFactory();
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(caFile))) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("ca-" + i++, certificate);
                }
                if (i == 0) {
                    throw new IllegalArgumentException("AUDIT_LDAP_CA_CERT " + caFile + " holds no certificate");
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("AUDIT_LDAP_CA_CERT " + caFile + " cannot be read as PEM certificates: "
                    + e.getMessage(), e);
        }
    }
}

package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Personal accounts from the hospital's directory (LDAP or Active Directory), beside the three configured ones: a user
 * the directory knows signs in with the directory password and gets the role of the groups it is a direct member of.
 * Off while {@code url} is blank. Checked at start: a half-given directory stops the start, naming what is missing.
 *
 * @param url           {@code AUDIT_LDAP_URL}: {@code ldaps://host[:port]}; {@code ldap://} only to a literal loopback
 *                      address (passwords would cross the network in clear)
 * @param caCert        {@code AUDIT_LDAP_CA_CERT}: PEM CA certificate(s) of the directory's TLS certificate; blank: the
 *                      JDK's trusted CAs
 * @param bindDn        {@code AUDIT_LDAP_BIND_DN}: the service account that looks users up (a DN, or for Active Directory
 *                      also {@code user@domain} or DOMAIN&#92;user)
 * @param bindPassword  {@code AUDIT_LDAP_BIND_PASSWORD}
 * @param userBase      {@code AUDIT_LDAP_USER_BASE}: where users are looked up (the subtree)
 * @param userFilter    {@code AUDIT_LDAP_USER_FILTER}: {@code {0}} stands for the user name as typed, escaped; blank:
 *                      {@link #DEFAULT_USER_FILTER}
 * @param nameAttribute {@code AUDIT_LDAP_NAME_ATTRIBUTE}: the attribute whose value names the user in the audit trail
 * @param auditorGroup  {@code AUDIT_LDAP_AUDITOR_GROUP}: DN of the group whose members are auditors
 * @param officerGroup  {@code AUDIT_LDAP_OFFICER_GROUP}: privacy officers
 * @param adminGroup    {@code AUDIT_LDAP_ADMIN_GROUP}: admins
 * @param remember      {@code AUDIT_LDAP_REMEMBER}: how long a verified directory login is taken without asking the
 *                      directory again (a disabled account or a removed membership counts at the latest after this)
 * @param timeout       {@code AUDIT_LDAP_TIMEOUT}: connecting and each request to the directory
 */
@ConfigurationProperties("arr.directory")
public record DirectoryConfig(@Nullable String url, @Nullable String caCert, @Nullable String bindDn,
                              @Nullable String bindPassword, @Nullable String userBase, @Nullable String userFilter,
                              @Nullable String nameAttribute, @Nullable String auditorGroup, @Nullable String officerGroup,
                              @Nullable String adminGroup, @Nullable Duration remember, @Nullable Duration timeout) {

    /** Literal loopback addresses only: a name could resolve elsewhere after the start. */
    private static final Pattern LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[(0{0,4}:){2,7}0{0,3}1]|\\[::1]");

    /** Active Directory's people by their logon name. */
    public static final String DEFAULT_USER_FILTER = "(&(objectCategory=person)(objectClass=user)(sAMAccountName={0}))";

    public DirectoryConfig {
        url = blankToNull(url);
        caCert = blankToNull(caCert);
        bindDn = blankToNull(bindDn);
        bindPassword = bindPassword == null || bindPassword.isEmpty() ? null : bindPassword; // a password is never trimmed
        userBase = blankToNull(userBase);
        userFilter = userFilter == null || userFilter.isBlank() ? DEFAULT_USER_FILTER : userFilter.trim();
        nameAttribute = blankToNull(nameAttribute);
        auditorGroup = blankToNull(auditorGroup);
        officerGroup = blankToNull(officerGroup);
        adminGroup = blankToNull(adminGroup);
        if (url != null) {
            // The fields are assigned only when this constructor ends: the checks take the parameters.
            check(url, caCert, bindDn, bindPassword, userBase, userFilter, nameAttribute, auditorGroup, officerGroup, adminGroup,
                    remember, timeout);
        }
    }

    /** Whether directory accounts are on. */
    public boolean enabled() {
        return url != null;
    }

    public URI uri() {
        return URI.create(url);
    }

    /** Whether the connection is LDAPS; else plain LDAP to a loopback address. */
    public boolean tls() {
        return uri().getScheme().equalsIgnoreCase("ldaps");
    }

    public int port() {
        return uri().getPort() > 0 ? uri().getPort() : tls() ? 636 : 389;
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void check(String url, String caCert, String bindDn, String bindPassword, String userBase, String userFilter,
                              String nameAttribute, String auditorGroup, String officerGroup, String adminGroup,
                              Duration remember, Duration timeout) {
        List<String> missing = new ArrayList<>();
        if (bindDn == null) {
            missing.add("AUDIT_LDAP_BIND_DN");
        }
        if (bindPassword == null) {
            missing.add("AUDIT_LDAP_BIND_PASSWORD");
        }
        if (userBase == null) {
            missing.add("AUDIT_LDAP_USER_BASE");
        }
        if (userFilter == null || !userFilter.contains("{0}")) {
            missing.add("AUDIT_LDAP_USER_FILTER (with {0} for the user name)");
        }
        if (nameAttribute == null) {
            missing.add("AUDIT_LDAP_NAME_ATTRIBUTE");
        }
        if (auditorGroup == null && officerGroup == null && adminGroup == null) {
            missing.add("at least one of AUDIT_LDAP_AUDITOR_GROUP, AUDIT_LDAP_OFFICER_GROUP, AUDIT_LDAP_ADMIN_GROUP");
        }
        if (remember == null || remember.isNegative()) {
            missing.add("AUDIT_LDAP_REMEMBER (a duration with its unit, such as 5m; 0s: always ask)");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            missing.add("AUDIT_LDAP_TIMEOUT (a positive duration with its unit, such as 5s)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("AUDIT_LDAP_URL is set, so the directory needs " + String.join(", ", missing));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AUDIT_LDAP_URL is no URL: " + url);
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("ldaps") || scheme.equals("ldap")) || uri.getPort() == 0
                || uri.getPort() > 65_535) {
            throw new IllegalArgumentException("AUDIT_LDAP_URL must be ldaps://host[:port], not " + url);
        }
        if (scheme.equals("ldap") && !LOOPBACK.matcher(uri.getHost()).matches()) {
            throw new IllegalArgumentException("AUDIT_LDAP_URL " + url + " would send passwords in clear: use ldaps:// "
                    + "(plain ldap:// is taken only to a literal loopback address, 127.x.x.x or [::1]: a name could "
                    + "resolve elsewhere later)");
        }
        List<String> bad = new ArrayList<>();
        // Active Directory also binds as user@domain or DOMAIN\\user: a bind name of that form is taken as it is.
        String bindName = bindDn.contains("@") || bindDn.contains("\\") ? null : bindDn;
        for (String[] dn : new String[][] {{"AUDIT_LDAP_BIND_DN", bindName}, {"AUDIT_LDAP_USER_BASE", userBase},
                {"AUDIT_LDAP_AUDITOR_GROUP", auditorGroup}, {"AUDIT_LDAP_OFFICER_GROUP", officerGroup},
                {"AUDIT_LDAP_ADMIN_GROUP", adminGroup}}) {
            if (dn[1] != null && !DN.isValidDN(dn[1])) {
                bad.add(dn[0] + " (not a DN: " + dn[1] + ")");
            }
        }
        try {
            Filter.create(userFilter.replace("{0}", "x"));
        } catch (LDAPException e) {
            bad.add("AUDIT_LDAP_USER_FILTER (not an LDAP filter: " + e.getMessage() + ")");
        }
        if (remember.compareTo(Duration.ofDays(1)) > 0) {
            bad.add("AUDIT_LDAP_REMEMBER (at most 1d: a disabled account must not go on for longer)");
        }
        if (timeout.compareTo(Duration.ofMinutes(1)) > 0 || timeout.toMillis() < 1) {
            bad.add("AUDIT_LDAP_TIMEOUT (from 1ms to 1m; less than a millisecond would mean no timeout at all)");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("the directory settings are wrong: " + String.join(", ", bad));
        }
        if (caCert != null && !Files.isReadable(Path.of(caCert))) {
            throw new IllegalArgumentException("AUDIT_LDAP_CA_CERT names " + caCert + ", which is not a readable file");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

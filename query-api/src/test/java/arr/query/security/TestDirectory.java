package arr.query.security;

import arr.deploy.local.DevCertificates;
import arr.deploy.local.PemFiles;
import arr.query.config.DirectoryConfig;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real LDAP directory for tests, over LDAPS on 127.0.0.1 (UnboundID's in-memory directory server, which speaks the
 * protocol as a hospital's directory does): a service account, users with passwords and direct group memberships
 * ({@code memberOf}, as Active Directory and OpenLDAP's memberOf overlay give them), its CA in {@code ca.crt}.
 */
public final class TestDirectory implements AutoCloseable {

    public static final String BASE = "dc=hospital,dc=test";
    public static final String STAFF = "ou=staff," + BASE;
    public static final String SERVICE_DN = "cn=arr-query,ou=services," + BASE;
    public static final String SERVICE_PASSWORD = "svc-secret";
    public static final String AUDITORS = "cn=audit-readers,ou=groups," + BASE;
    public static final String OFFICERS = "cn=privacy-officers,ou=groups," + BASE;
    public static final String ADMINS = "cn=audit-admins,ou=groups," + BASE;

    private final InMemoryDirectoryServer server;
    private final Path caFile;

    /** @param hostNames the names the server's certificate carries (a test of host name checking gives others) */
    public TestDirectory(Path dir, List<String> hostNames) throws Exception {
        Instant now = Instant.now();
        DevCertificates.Issued ca = DevCertificates.certificateAuthority("Directory CA", now.minusSeconds(60), now.plusSeconds(86_400));
        DevCertificates.Issued tls = DevCertificates.leaf(ca, "CN=" + hostNames.get(0), DevCertificates.Purpose.SERVER, hostNames,
                List.of(), now.minusSeconds(60), now.plusSeconds(86_400));
        caFile = dir.resolve("directory-ca.crt");
        PemFiles.writeCertificate(caFile, ca.certificate());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("tls", tls.privateKey(), new char[0], new Certificate[] {tls.certificate(), ca.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);

        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null); // memberOf without the overlay's schema
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig("ldaps", InetAddress.getByName("127.0.0.1"), 0,
                context.getServerSocketFactory(), null));
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: hospital");
        for (String unit : List.of("staff", "services", "groups")) {
            server.add("dn: ou=" + unit + "," + BASE, "objectClass: organizationalUnit", "ou: " + unit);
        }
        server.add("dn: " + SERVICE_DN, "objectClass: person", "cn: arr-query", "userPassword: " + SERVICE_PASSWORD);
        server.startListening();
    }

    /** A person under {@link #STAFF} with this login name, password and direct memberships. */
    public void addUser(String login, String password, String... groups) throws Exception {
        String[] lines = new String[5 + groups.length];
        lines[0] = "dn: uid=" + login + "," + STAFF;
        lines[1] = "objectClass: person";
        lines[2] = "uid: " + login;
        lines[3] = "cn: " + login;
        lines[4] = "userPassword: " + password;
        for (int i = 0; i < groups.length; i++) {
            lines[5 + i] = "memberOf: " + groups[i];
        }
        server.add(lines);
    }

    public void removeMemberships(String login) throws Exception {
        server.modify("dn: uid=" + login + "," + STAFF, "changetype: modify", "delete: memberOf");
    }

    public void stop() {
        server.shutDown(true);
    }

    public void start() throws LDAPException {
        server.startListening();
    }

    public int port() {
        return server.getListenPort("ldaps");
    }

    public Path caFile() {
        return caFile;
    }

    /** The query API's settings for this directory, users looked up by {@code uid}. */
    public DirectoryConfig config(String host, Duration remember) {
        return new DirectoryConfig("ldaps://" + host + ":" + port(), caFile.toString(), SERVICE_DN, SERVICE_PASSWORD, STAFF,
                "(&(objectClass=person)(uid={0}))", "uid", AUDITORS, OFFICERS, ADMINS, remember, Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}

package arr.query.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DirectoryConfigTest {

    @Test
    void withoutAUrlTheDirectoryIsOffWhateverElseIsSet() {
        assertThat(config("", "svc-secret").enabled()).isFalse();
    }

    /** Directory passwords must not cross the network in clear: plain LDAP only to this machine. */
    @Test
    void plainLdapIsTakenOnlyToALoopbackAddress() {
        assertThatThrownBy(() -> config("ldap://dc1.hospital.example", "svc-secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ldaps://");
        assertThat(config("ldap://127.0.0.1:3389", "svc-secret").tls()).isFalse();
        assertThat(config("ldaps://dc1.hospital.example", "svc-secret").port()).isEqualTo(636);
        assertThatThrownBy(() -> config("https://dc1.hospital.example", "svc-secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_LDAP_URL");
    }

    /** Only a literal loopback address: a name resolved at start could resolve elsewhere at a later login. */
    @Test
    void plainLdapToANameIsRefusedEvenLocalhost() {
        assertThatThrownBy(() -> config("ldap://localhost:3389", "svc-secret")).isInstanceOf(IllegalArgumentException.class);
        assertThat(config("ldap://[::1]:3389", "svc-secret").enabled()).isTrue();
        assertThat(config("ldap://127.0.0.2:3389", "svc-secret").enabled()).isTrue();
    }

    @Test
    void malformedDnsFiltersPortsAndDurationsStopTheStart() {
        assertThatThrownBy(() -> new DirectoryConfig("ldaps://dc1.hospital.example", null, "cn=svc,dc=h", "p", "ou=staff,dc=h",
                "(uid={0})", "uid", null, "not a dn", null, Duration.ofMinutes(5), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_LDAP_OFFICER_GROUP");
        assertThatThrownBy(() -> new DirectoryConfig("ldaps://dc1.hospital.example", null, "cn=svc,dc=h", "p", "ou=staff,dc=h",
                "(uid={0}", "uid", null, "cn=officers,dc=h", null, Duration.ofMinutes(5), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_LDAP_USER_FILTER");
        assertThatThrownBy(() -> config("ldaps://dc1.hospital.example:70000", "p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectoryConfig("ldaps://dc1.hospital.example", null, "cn=svc,dc=h", "p", "ou=staff,dc=h",
                "(uid={0})", "uid", null, "cn=officers,dc=h", null, Duration.ofDays(2), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_LDAP_REMEMBER");
    }

    @Test
    void activeDirectorysOtherBindNamesAreTaken() {
        for (String bind : new String[] {"svc-audit@hospital.example", "HOSPITAL\\svc-audit"}) {
            assertThat(new DirectoryConfig("ldaps://dc1.hospital.example", null, bind, "p", "ou=staff,dc=h", "(uid={0})", "uid",
                    null, "cn=officers,dc=h", null, Duration.ofMinutes(5), Duration.ofSeconds(5)).bindDn()).isEqualTo(bind);
        }
        assertThatThrownBy(() -> new DirectoryConfig("ldaps://dc1.hospital.example:0", null, "cn=svc,dc=h", "p", "ou=staff,dc=h",
                "(uid={0})", "uid", null, "cn=officers,dc=h", null, Duration.ofMinutes(5), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectoryConfig("ldaps://dc1.hospital.example", null, "cn=svc,dc=h", "p", "ou=staff,dc=h",
                "(uid={0})", "uid", null, "cn=officers,dc=h", null, Duration.ofMinutes(5), Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_LDAP_TIMEOUT");
    }

    @Test
    void aBlankFilterIsActiveDirectorysPeopleByLogonName() {
        assertThat(new DirectoryConfig("ldaps://dc1.hospital.example", null, "cn=svc,dc=h", "p", "ou=staff,dc=h", " ", "uid", null,
                "cn=officers,dc=h", null, Duration.ofMinutes(5), Duration.ofSeconds(5)).userFilter())
                .isEqualTo(DirectoryConfig.DEFAULT_USER_FILTER);
    }

    @Test
    void aHalfGivenDirectoryStopsTheStartNamingEveryMissingSetting() {
        assertThatThrownBy(() -> new DirectoryConfig("ldaps://dc1.hospital.example", null, null, null, "ou=staff,dc=h", "(uid=x)",
                "uid", null, null, null, Duration.ofMinutes(5), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AUDIT_LDAP_BIND_DN").hasMessageContaining("AUDIT_LDAP_BIND_PASSWORD")
                .hasMessageContaining("{0}").hasMessageContaining("AUDIT_LDAP_OFFICER_GROUP").hasMessageContaining("AUDIT_LDAP_TIMEOUT");
    }

    @Test
    void theServiceAccountsPasswordIsTakenAsGivenSpacesIncluded() {
        assertThat(config("ldaps://dc1.hospital.example", " s3cret ").bindPassword()).isEqualTo(" s3cret ");
    }

    private static DirectoryConfig config(String url, String password) {
        return new DirectoryConfig(url, null, "cn=svc,dc=h", password, "ou=staff,dc=h", "(uid={0})", "uid", null,
                "cn=officers,dc=h", null, Duration.ofMinutes(5), Duration.ofSeconds(5));
    }
}

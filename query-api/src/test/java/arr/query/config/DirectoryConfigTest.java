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

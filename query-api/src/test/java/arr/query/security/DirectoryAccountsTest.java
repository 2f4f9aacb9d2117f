package arr.query.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.deploy.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory logins against a real LDAP directory over LDAPS ({@link TestDirectory}). */
class DirectoryAccountsTest {

    @TempDir
    Path dir;

    private TestDirectory directory;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-28T12:00:00Z"));

    @BeforeEach
    void directory() throws Exception {
        directory = new TestDirectory(dir, List.of("localhost"));
        directory.addUser("alice", "a-secret", TestDirectory.OFFICERS);
        directory.addUser("bob", "b-secret", TestDirectory.AUDITORS, "cn=nurses,ou=groups," + TestDirectory.BASE);
        directory.addUser("carol", "c-secret", TestDirectory.ADMINS, TestDirectory.AUDITORS);
        directory.addUser("dave", "d-secret", "cn=nurses,ou=groups," + TestDirectory.BASE);
    }

    @AfterEach
    void stop() {
        directory.close();
    }

    @Test
    void aDirectoryUserGetsTheRoleOfItsHighestGroup() {
        DirectoryAccounts accounts = accounts(Duration.ofMinutes(5));

        assertThat(accounts.authenticate("alice", "a-secret")).hasValueSatisfying(login -> {
            assertThat(login.name()).isEqualTo("alice");
            assertThat(login.roles()).containsExactly(Roles.AUDITOR, Roles.PRIVACY_OFFICER);
        });
        assertThat(accounts.authenticate("bob", "b-secret")).map(DirectoryAccounts.Login::roles).hasValue(Roles.OF_AUDITOR);
        assertThat(accounts.authenticate("carol", "c-secret")).map(DirectoryAccounts.Login::roles).hasValue(Roles.OF_ADMIN);
    }

    @Test
    void aWrongPasswordAnUnknownUserAndAUserInNoRoleGroupAreRefused() {
        DirectoryAccounts accounts = accounts(Duration.ofMinutes(5));

        assertThat(accounts.authenticate("alice", "wrong")).isEmpty();
        assertThat(accounts.authenticate("nobody", "a-secret")).isEmpty();
        assertThat(accounts.authenticate("dave", "d-secret")).as("a nurse, no role here").isEmpty();
    }

    /** LDAP takes a bind with an empty password as an anonymous one, which succeeds: never asked. */
    @Test
    void anEmptyPasswordIsRefusedWithoutAskingTheDirectory() {
        DirectoryAccounts accounts = accounts(Duration.ofMinutes(5));
        directory.stop();

        assertThat(accounts.authenticate("alice", "")).as("refused, not 'unavailable'").isEmpty();
    }

    /** The user name is a value in the filter, never filter syntax: a wildcard or a closing parenthesis finds nobody. */
    @Test
    void aUserNameCannotChangeTheFilter() {
        DirectoryAccounts accounts = accounts(Duration.ofMinutes(5));

        assertThat(accounts.authenticate("*", "a-secret")).isEmpty();
        assertThat(accounts.authenticate("al*", "a-secret")).isEmpty();
        assertThat(accounts.authenticate("alice)(uid=*", "a-secret")).isEmpty();
    }

    /** The directory's name for the user, whatever the spelling typed: one person in the audit trail, one remembered login. */
    @Test
    void everySpellingOfANameIsThePersonTheDirectoryNames() {
        DirectoryAccounts accounts = accounts(Duration.ofMinutes(5));

        assertThat(accounts.authenticate("ALICE", "a-secret")).map(DirectoryAccounts.Login::name).hasValue("alice");
        assertThat(accounts.remembered(" alice ", "a-secret")).map(DirectoryAccounts.Login::name).hasValue("alice");
        assertThat(accounts.knows("Alice")).isTrue();
    }

    /** Named like a configured account, a directory user would act under that account's name: refused, every time. */
    @Test
    void aDirectoryUserNamedLikeAConfiguredAccountIsRefusedAndNotRemembered() throws Exception {
        directory.addUser("Break-Glass", "g-secret", TestDirectory.ADMINS);
        DirectoryAccounts accounts = accounts(Duration.ofMinutes(5));

        assertThat(accounts.authenticate("break-glass", "g-secret")).isEmpty();
        assertThat(accounts.remembered("break-glass", "g-secret")).isEmpty();
        assertThat(accounts.authenticate("break-glass", "g-secret")).isEmpty();
    }

    /** The name attribute names the person: without exactly one value, whose name would the audit trail give? */
    @Test
    void anEntryWithoutItsNameAttributeIsRefused() {
        var config = directory.config("localhost", Duration.ofMinutes(5));
        DirectoryAccounts accounts = new DirectoryAccounts(new arr.query.config.DirectoryConfig(config.url(), config.caCert(),
                config.bindDn(), config.bindPassword(), config.userBase(), config.userFilter(), "employeeNumber",
                config.auditorGroup(), config.officerGroup(), config.adminGroup(), config.remember(), config.timeout()),
                java.util.Set.of(), clock);

        assertThat(accounts.authenticate("alice", "a-secret")).isEmpty();
    }

    @Test
    void aVerifiedLoginIsRememberedThenAskedAgainSoARemovedMembershipCounts() throws Exception {
        DirectoryAccounts accounts = accounts(Duration.ofMinutes(5));
        assertThat(accounts.authenticate("alice", "a-secret")).isPresent();
        directory.removeMemberships("alice");

        clock.advance(Duration.ofMinutes(4));
        assertThat(accounts.remembered("alice", "a-secret")).as("within the remembered time").isPresent();
        assertThat(accounts.remembered("alice", "wrong")).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        assertThat(accounts.remembered("alice", "a-secret")).isEmpty();
        assertThat(accounts.authenticate("alice", "a-secret")).as("no role group any more").isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeAskedIsNoVerdict() {
        DirectoryAccounts accounts = accounts(Duration.ofMinutes(5));
        assertThat(accounts.authenticate("alice", "a-secret")).isPresent();
        directory.stop();

        assertThat(accounts.authenticate("alice", "a-secret")).as("remembered").isPresent();
        assertThatThrownBy(() -> accounts.authenticate("bob", "b-secret"))
                .isInstanceOf(DirectoryAccounts.UnavailableException.class);
    }

    @Test
    void aServiceAccountTheDirectoryRefusesIsNoVerdictEither() {
        var config = directory.config("localhost", Duration.ofMinutes(5));
        DirectoryAccounts accounts = new DirectoryAccounts(new arr.query.config.DirectoryConfig(config.url(), config.caCert(),
                config.bindDn(), "not-the-service-password", config.userBase(), config.userFilter(), config.nameAttribute(),
                config.auditorGroup(), config.officerGroup(), config.adminGroup(), config.remember(), config.timeout()),
                java.util.Set.of(), clock);

        assertThatThrownBy(() -> accounts.authenticate("alice", "a-secret"))
                .isInstanceOf(DirectoryAccounts.UnavailableException.class);
    }

    /** LDAPS checks the host name against the certificate: a certificate of the right CA for another host does not do. */
    @Test
    void aDirectoryCertificateForAnotherHostIsRefused(@TempDir Path other) throws Exception {
        try (TestDirectory elsewhere = new TestDirectory(other, List.of("directory.elsewhere.test"))) {
            elsewhere.addUser("alice", "a-secret", TestDirectory.OFFICERS);
            DirectoryAccounts accounts = new DirectoryAccounts(elsewhere.config("localhost", Duration.ofMinutes(5)), java.util.Set.of(), clock);

            assertThatThrownBy(() -> accounts.authenticate("alice", "a-secret"))
                    .isInstanceOf(DirectoryAccounts.UnavailableException.class)
                    .hasMessageContaining("localhost");
        }
    }

    private DirectoryAccounts accounts(Duration remember) {
        return new DirectoryAccounts(directory.config("localhost", remember), java.util.Set.of("break-glass"), clock);
    }
}

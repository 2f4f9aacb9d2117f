package arr.query.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

class PasswordVerifierTest {

    private static final String HASH = OpenBSDBCrypt.generate("2b", "s3cret".getBytes(StandardCharsets.UTF_8), new byte[16], 4);

    @Test
    void theRightPasswordMatchesAgainAfterItWasRemembered() {
        PasswordVerifier verifier = new PasswordVerifier();
        assertThat(verifier.matches("officer", "s3cret", HASH)).isTrue();
        assertThat(verifier.matches("officer", "s3cret", HASH)).isTrue();
    }

    @Test
    void aWrongPasswordNeverMatchesEvenAfterTheRightOneWasRemembered() {
        PasswordVerifier verifier = new PasswordVerifier();
        assertThat(verifier.matches("officer", "s3cret", HASH)).isTrue();
        assertThat(verifier.matches("officer", "s3cret ", HASH)).isFalse();
        assertThat(verifier.matches("officer", "", HASH)).isFalse();
        assertThat(verifier.matches("auditor", "s3cret", "$2b$04$" + "x".repeat(53))).isFalse();
    }

    @Test
    void aConfiguredValueThatIsNoBcryptHashIsNamed() {
        assertThatThrownBy(() -> new PasswordVerifier().matches("officer", "s3cret", "plain-text"))
                .hasMessageContaining("user officer is not a BCrypt hash");
    }
}

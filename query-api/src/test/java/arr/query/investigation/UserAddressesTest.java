package arr.query.investigation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserAddressesTest {

    @Test
    void everyCharacterButLettersAndDigitsIsEscaped() {
        // A backslash before a letter is a character class (\d) or an error in Lucene's syntax: letters stay bare.
        assertThat(UserAddresses.ofUserPattern("dr.d*é1\\w")).isEqualTo("dr\\.d\\*é1\\\\w\u001f.*");
    }

    @Test
    void theAnswerShowsTheAddressWithoutTheUser() {
        assertThat(UserAddresses.addresses(List.of(new Count("a.b\u001f10.0.0.1", 3))))
                .containsExactly(new Count("10.0.0.1", 3));
    }
}

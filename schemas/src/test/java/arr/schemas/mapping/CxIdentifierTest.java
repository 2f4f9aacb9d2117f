package arr.schemas.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.event.Patient;
import org.junit.jupiter.api.Test;

class CxIdentifierTest {

    @Test
    void splitsIdAndUniversalIdOfTheAssigningAuthority() {
        Patient p = CxIdentifier.parse("12345^^^&1.3.6.1.4.1.21367.2017.2.5.83&ISO");
        assertThat(p.id()).isEqualTo("12345");
        assertThat(p.authority()).isEqualTo("1.3.6.1.4.1.21367.2017.2.5.83");
    }

    @Test
    void fallsBackToTheNamespaceWhenThereIsNoOid() {
        assertThat(CxIdentifier.parse("PID-7^^^HOSPITAL").authority()).isEqualTo("HOSPITAL");
        assertThat(CxIdentifier.parse("PID-7^^^HOSPITAL&1.2.3&ISO").authority()).isEqualTo("1.2.3");
    }

    @Test
    void aPlainValueIsAnIdWithoutAuthority() {
        Patient p = CxIdentifier.parse("ptid12345");
        assertThat(p.id()).isEqualTo("ptid12345");
        assertThat(p.authority()).isNull();
        assertThat(p.cx()).isEqualTo("ptid12345");
    }
}

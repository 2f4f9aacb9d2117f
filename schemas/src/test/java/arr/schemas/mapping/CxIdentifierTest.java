package arr.schemas.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

    @Test
    void repetitionsAreEachAnIdentifierWithTheirOwnCx() {
        assertThat(CxIdentifier.parseAll("A-1^^^&1.2.3&ISO~B-2^^^NS~ ~C-3")).extracting(Patient::id, Patient::authority, Patient::cx)
                .containsExactly(tuple("A-1", "1.2.3", "A-1^^^&1.2.3&ISO"), tuple("B-2", "NS", "B-2^^^NS"), tuple("C-3", null, "C-3"));
        assertThat(CxIdentifier.parseAll("X-9^^^&1.2&ISO")).extracting(Patient::cx).containsExactly("X-9^^^&1.2&ISO");
        assertThat(CxIdentifier.parseAll("~")).extracting(Patient::cx).containsExactly("~");
    }

    /** A value repeating itself, or naming more than a hundred identifiers, makes at most a hundred distinct patients. */
    @Test
    void repetitionsAreDistinctAndAtMostAHundred() {
        assertThat(CxIdentifier.parseAll("P~P~ P ~Q")).extracting(Patient::cx).containsExactly("P", "Q");
        String many = String.join("~", java.util.stream.IntStream.range(0, 150).mapToObj(i -> "R" + i).toList());
        assertThat(CxIdentifier.repetitions(many)).hasSize(150);
        assertThat(CxIdentifier.parseAll(many)).hasSize(CxIdentifier.MAX_IDENTIFIERS).first().extracting(Patient::cx).isEqualTo("R0");
    }
}

package arr.indexer.retention;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.index.LegalHold;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegalHoldsTest {

    @Test
    void aHoldWrittenAsACxValueAlsoHoldsItsBareIdUnderAnyAuthority() {
        RetentionPolicy policy = new RetentionPolicy("P6Y", "P10Y",
                List.of("12345^^^&1.2.3&ISO", "P7", "12345^^^HOSP&1.2.3&ISO^PI", "^^^&1.2.3&ISO"), List.of("pacs-1"), null);

        LegalHolds holds = LegalHolds.of(policy);

        assertThat(holds.patientIds()).containsExactly("12345", "P7", "^^^&1.2.3&ISO");
        assertThat(holds.patientCx()).containsExactly("12345^^^&1.2.3&ISO", "P7", "12345^^^HOSP&1.2.3&ISO^PI", "^^^&1.2.3&ISO");
        assertThat(holds.sources()).containsExactly("pacs-1");
        assertThat(holds.clauses()).hasSize(4);
    }

    @Test
    void noHoldsMeansNoClauses() {
        LegalHolds holds = LegalHolds.of(new RetentionPolicy("P6Y", "P10Y", null, null, null));

        assertThat(holds.isEmpty()).isTrue();
        assertThat(holds.clauses()).isEmpty();
    }

    /** The holds an admin placed through the query API count beside the configured ones; released ones do not. */
    @Test
    void activeHoldsPlacedThroughTheApiJoinTheConfiguredOnes() {
        RetentionPolicy policy = new RetentionPolicy("P6Y", "P10Y", List.of("P7"), List.of("pacs-1"), null);
        List<LegalHold> placed = List.of(
                new LegalHold("1", LegalHold.PATIENT, "9^^^&1.2.3&ISO", "case 1", "admin", "2026-01-01T00:00:00Z", null, null),
                new LegalHold("2", LegalHold.SOURCE, " ris-2 ", "case 2", "admin", "2026-01-01T00:00:00Z", null, null),
                new LegalHold("3", LegalHold.PATIENT, "RELEASED", "case 3", "admin", "2026-01-01T00:00:00Z", "admin",
                        "2026-02-01T00:00:00Z"),
                new LegalHold("4", LegalHold.PATIENT, "P7", "case 4", "admin", "2026-01-01T00:00:00Z", null, null));

        LegalHolds holds = LegalHolds.of(policy, placed);

        assertThat(holds.patientIds()).containsExactly("P7", "9");
        assertThat(holds.patientCx()).containsExactly("P7", "9^^^&1.2.3&ISO");
        assertThat(holds.sources()).containsExactly("pacs-1", "ris-2");
        assertThat(holds.holdsAny(List.of("RELEASED"), List.of(), List.of())).isFalse();
    }

    /** A hold pasted from a ParticipantObjectID with repetitions holds each identifier, as documents name them one by one. */
    @Test
    void aHoldWithRepetitionsHoldsEachIdentifier() {
        LegalHolds holds = LegalHolds.of(new RetentionPolicy("P6Y", "P10Y", List.of("A-1^^^&1.2&ISO~B-2^^^&3.4&ISO"), null, null));
        assertThat(holds.patientIds()).containsExactly("A-1", "B-2");
        assertThat(holds.patientCx()).containsExactly("A-1^^^&1.2&ISO", "B-2^^^&3.4&ISO");
    }
}

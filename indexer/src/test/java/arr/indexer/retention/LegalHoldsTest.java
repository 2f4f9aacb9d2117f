package arr.indexer.retention;

import static org.assertj.core.api.Assertions.assertThat;

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
}

package arr.indexer.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void holdsWrittenWithSpacesAfterTheCommasStillNameTheExactIds() {
        // What Micronaut makes of AUDIT_RETENTION_HOLD_PATIENTS="P1, P2 ,,P3": it splits on the commas alone.
        List<String> patients;
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("arr.indexer.retention.hold-patients", "P1, P2 ,,P3")).build()) {
            context.getEnvironment().start();
            patients = context.getEnvironment().getProperty("arr.indexer.retention.hold-patients", Argument.listOf(String.class))
                    .orElseThrow();
        }
        assertThat(patients).contains(" P2 ");

        RetentionPolicy policy = new RetentionPolicy("P6Y", "P10Y", patients, List.of(" audit-source-1\t", "audit-source-1"), null);

        assertThat(policy.holdPatients()).containsExactly("P1", "P2", "P3");
        assertThat(policy.holdSources()).containsExactly("audit-source-1");
    }

    @Test
    void aMaximumShorterThanTheMinimumIsRefused() {
        assertThatThrownBy(() -> new RetentionPolicy("P6Y", "P5Y", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than min-age");
    }

    @Test
    void anEmptyMinimumANegativePeriodAndANonPositiveIntervalAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new RetentionPolicy(" ", "P10Y", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_RETENTION_MIN_AGE) is empty");
        assertThatThrownBy(() -> new RetentionPolicy("P6Y", "-P10Y", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-age must not be negative");
        assertThatThrownBy(() -> new RetentionPolicy("P-1D", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min-age must not be negative");
        assertThatThrownBy(() -> new RetentionPolicy("P6Y", null, null, null, java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_RETENTION_INTERVAL) must be positive");
    }

    @Test
    void theEffectivePolicyIsDescribedInOneLine() {
        assertThat(new RetentionPolicy("P6Y", "P10Y", List.of("P1"), null, null).describe())
                .isEqualTo("min-age P6Y, max-age P10Y, legal holds on 1 patient(s) and 0 audit source(s), applied every PT1H");
        assertThat(new RetentionPolicy("P0D", "", null, null, null).describe()).contains("max-age none (nothing is ever deleted)");
    }

    @Test
    void theFirstRunIsConfigurableAndDefaultsToAMinute() {
        // What Micronaut makes of AUDIT_RETENTION_FIRST_RUN=2h for the record's Duration.
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("arr.indexer.retention.first-run", "2h")).build()) {
            context.getEnvironment().start();
            assertThat(context.getEnvironment().getProperty("arr.indexer.retention.first-run", java.time.Duration.class))
                    .contains(java.time.Duration.ofHours(2));
        }
        assertThat(new RetentionPolicy("P6Y", null, null, null, null).firstRun()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThatThrownBy(() -> new RetentionPolicy("P6Y", null, null, null, null, java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_RETENTION_FIRST_RUN");
    }
}

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
}

package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

    @Test
    void indicesOutsideTheSchemasThisVersionSearchesAreNamedSortedAndTheOthersPass() {
        SchemaCompatibility found = SchemaCompatibility.of(Map.of(
                "audit-events-2026.02", AuditDocument.OLDEST_COMPATIBLE_SCHEMA - 1,
                "audit-events-2026.01", 0,
                "audit-events-2026.03", AuditDocument.OLDEST_COMPATIBLE_SCHEMA,
                "audit-events-2026.04", AuditDocument.SCHEMA_VERSION,
                "audit-quarantine-2026.05", AuditDocument.SCHEMA_VERSION + 1));

        assertThat(found.compatible()).isFalse();
        assertThat(found.older()).containsExactly("audit-events-2026.01 (schema 0)",
                "audit-events-2026.02 (schema " + (AuditDocument.OLDEST_COMPATIBLE_SCHEMA - 1) + ")");
        assertThat(found.newer()).containsExactly("audit-quarantine-2026.05 (schema " + (AuditDocument.SCHEMA_VERSION + 1) + ")");
        assertThat(SchemaCompatibility.of(Map.of("audit-events-2026.04", AuditDocument.SCHEMA_VERSION)).compatible()).isTrue();
    }

    @Test
    void aSchemaVersionThatIsNotAWholeNumberCountsAsNone() {
        assertThat(SchemaCompatibility.schemaOf("6")).isEqualTo(6);
        assertThat(SchemaCompatibility.schemaOf(" 99 ")).isEqualTo(99);
        assertThat(SchemaCompatibility.schemaOf("\"6\"")).isZero();
        assertThat(SchemaCompatibility.schemaOf("6.5")).isZero();
        assertThat(SchemaCompatibility.schemaOf(null)).isZero();
    }
}

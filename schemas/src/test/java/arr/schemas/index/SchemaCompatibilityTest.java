package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

    @Test
    void indicesOutsideTheSchemasThisVersionSearchesAreNamedSortedAndTheOthersPass() {
        SchemaCompatibility found = SchemaCompatibility.forWriting(Map.of(
                "audit-events-2026.02", schema(AuditDocument.OLDEST_COMPATIBLE_SCHEMA - 1),
                "audit-events-2026.01", schema(0),
                "audit-events-2026.03", schema(AuditDocument.OLDEST_COMPATIBLE_SCHEMA),
                "audit-events-2026.04", schema(AuditDocument.SCHEMA_VERSION),
                "audit-quarantine-2026.05", schema(AuditDocument.SCHEMA_VERSION + 1)));

        assertThat(found.compatible()).isFalse();
        assertThat(found.older()).containsExactly("audit-events-2026.01 (schema 0)",
                "audit-events-2026.02 (schema " + (AuditDocument.OLDEST_COMPATIBLE_SCHEMA - 1) + ")");
        assertThat(found.newer()).containsExactly("audit-quarantine-2026.05 (schema " + (AuditDocument.SCHEMA_VERSION + 1) + ")");
        assertThat(SchemaCompatibility.forWriting(Map.of("audit-events-2026.04", schema(AuditDocument.SCHEMA_VERSION)))
                .compatible()).isTrue();
    }

    /** A newer schema that older readers search alike stops the indexer, not the query API. */
    @Test
    void aNewerSchemaReadableByThisVersionIsReadButNotWritten() {
        int newer = AuditDocument.SCHEMA_VERSION + 1;
        Map<String, SchemaCompatibility.IndexSchema> indices = Map.of(
                "audit-events-2026.06", new SchemaCompatibility.IndexSchema(newer, AuditDocument.SCHEMA_VERSION),
                "audit-events-2026.07", new SchemaCompatibility.IndexSchema(newer, newer));

        assertThat(SchemaCompatibility.forReading(indices).newer()).containsExactly("audit-events-2026.07 (schema " + newer + ")");
        assertThat(SchemaCompatibility.forWriting(indices).newer()).hasSize(2);
        assertThat(SchemaCompatibility.IndexSchema.fromMeta(Map.of("schemaVersion", "6")::get))
                .isEqualTo(new SchemaCompatibility.IndexSchema(6, 6));
        assertThat(SchemaCompatibility.IndexSchema.fromMeta(Map.of("schemaVersion", "7", "readableFromSchema", "5")::get))
                .isEqualTo(new SchemaCompatibility.IndexSchema(7, 5));
    }

    private static SchemaCompatibility.IndexSchema schema(int version) {
        return new SchemaCompatibility.IndexSchema(version, version);
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

package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartialFieldsTest {

    @Test
    void anIndexUpgradedFromSchema6LacksTheObjectTypesAndRolesOfItsEarlierDocuments() {
        assertThat(PartialFields.fromMeta(null).upgradedFrom(6).fields()).containsExactly("objects.role", "objects.type");
    }

    @Test
    void anIndexOfTheCurrentSchemaHasNoPartialFields() {
        assertThat(PartialFields.fromMeta(null).upgradedFrom(AuditDocument.SCHEMA_VERSION).isEmpty()).isTrue();
    }

    @Test
    void fieldsAlreadyPartialStayPartialThroughLaterUpgrades() {
        PartialFields earlier = PartialFields.fromMeta("[\"objects.type\",\"some.field\"]");

        assertThat(earlier.upgradedFrom(AuditDocument.SCHEMA_VERSION).fields()).containsExactly("objects.type", "some.field");
        assertThat(earlier.contains("some.field")).isTrue();
    }

    @Test
    void anIndexLacksWhatItsMappingNamesAndWhatSchemasAfterItsOwnAdded() {
        assertThat(PartialFields.ofIndex(java.util.Map.of("schemaVersion", "6")::get).fields())
                .containsExactly("objects.role", "objects.type");
        assertThat(PartialFields.ofIndex(java.util.Map.of("schemaVersion", "7", "partialFields", "[\"objects.type\"]")::get)
                .fields()).containsExactly("objects.type");
        assertThat(PartialFields.ofIndex(java.util.Map.of("schemaVersion", "7")::get).isEmpty()).isTrue();
    }

    @Test
    void aMetaValueThatIsNotAnArrayOfFieldsCountsAsNone() {
        assertThat(PartialFields.fromMeta("\"objects.type\"").isEmpty()).isTrue();
        assertThat(PartialFields.fromMeta("{not json").isEmpty()).isTrue();
    }
}

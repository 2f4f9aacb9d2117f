package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.envelope.EnvelopeCodecTestAccess;
import arr.schemas.testing.Samples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The template maps exactly what documents hold: with dynamic "strict", a field it lacks would be refused. */
class IndexTemplateTest {

    private static final ObjectMapper JSON = EnvelopeCodec.mapper();

    static JsonNode resource(String name) throws Exception {
        try (InputStream in = IndexTemplateTest.class.getClassLoader().getResourceAsStream("elasticsearch/" + name)) {
            return JSON.readTree(in);
        }
    }

    static Stream<Path> samples() {
        return Samples.allSamples().stream();
    }

    @Test
    void mappingIsStrictLeanAndNestsNothing() throws Exception {
        JsonNode mappings = resource("audit-document.component-template.json").path("template").path("mappings");
        assertThat(mappings.path("dynamic").asText()).isEqualTo("strict");
        assertThat(mappings.path("_meta").path("schemaVersion").asInt()).isEqualTo(AuditDocument.SCHEMA_VERSION);
        assertThat(mappings.path("_meta").path("readableFromSchema").asInt()).isEqualTo(AuditDocument.READABLE_FROM_SCHEMA);
        // Nested documents cost Elasticsearch a Lucene document per participant: "this user from that address" is the
        // keyword userAddresses instead, and each other participant filter matches any participant.
        assertThat(mappings.toString()).doesNotContain("nested");
        assertThat(mappings.path("properties").path("userAddresses").path("type").asText()).isEqualTo("keyword");
        assertThat(mappings.path("properties").path("transport").path("enabled").asBoolean(true)).isFalse();
        assertThat(mappings.path("properties").path("raw").path("type").asText()).isEqualTo("binary");
        // The message as text: stored in _source, neither indexed nor in doc values.
        assertThat(mappings.path("properties").path("rawText").path("index").asBoolean(true)).isFalse();
        assertThat(mappings.path("properties").path("rawText").path("doc_values").asBoolean(true)).isFalse();
        assertThat(mappings.path("properties").path("eventTime").path("properties").path("value").path("type").asText()).isEqualTo("date");
        assertThat(mappings.path("properties").path("receivedAt").path("type").asText()).isEqualTo("date");
        assertThat(mappings.path("properties").path("freeText").path("type").asText()).isEqualTo("text");
    }

    @Test
    void indexTemplatesComposeTheDocumentMappingsBehindTheirAliases() throws Exception {
        JsonNode events = resource("audit-events.index-template.json");
        assertThat(events.path("index_patterns").get(0).asText()).isEqualTo("audit-events-*");
        assertThat(events.path("composed_of").get(0).asText()).isEqualTo("audit-document");
        assertThat(events.path("template").path("aliases").has("audit-events")).isTrue();
        JsonNode quarantine = resource("audit-quarantine.index-template.json");
        assertThat(quarantine.path("index_patterns").get(0).asText()).isEqualTo("audit-quarantine-*");
        assertThat(quarantine.path("template").path("aliases").has("audit-quarantine")).isTrue();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyFieldOfEveryDocumentIsMapped(Path file) throws Exception {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(file));
        AuditDocument document = AuditDocuments.of(envelope, new ChainLink(3, 42, 7, "ab", "cd"));
        JsonNode properties = resource("audit-document.component-template.json").path("template").path("mappings").path("properties");
        assertMapped("", JSON.valueToTree(document), properties);
    }

    private static void assertMapped(String path, JsonNode value, JsonNode properties) {
        if (value.isArray()) {
            value.forEach(element -> assertMapped(path, element, properties));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path + field.getKey();
            JsonNode mapping = properties.get(field.getKey());
            assertThat(mapping).as("mapping of " + fieldPath).isNotNull();
            boolean leaf = mapping.has("type") && !mapping.path("type").asText().matches("nested|object");
            boolean opaque = !mapping.path("enabled").asBoolean(true);
            if (!leaf && !opaque && (field.getValue().isObject() || field.getValue().isArray())) {
                assertThat(mapping.has("properties")).as(fieldPath + " is an object in the mapping").isTrue();
                assertMapped(fieldPath + ".", field.getValue(), mapping.path("properties"));
            }
        }
    }
}

package arr.indexer;

import static arr.indexer.IndexerTestSupport.http;
import static arr.indexer.IndexerTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.indexer.bootstrap.IndexTemplateInstaller;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.index.AuditDocument;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The indexer does not start over monthly indices of an older document schema, which this version cannot search alike,
 * nor over those of a newer one, whose mappings it would overwrite; it keeps and upgrades those of a schema it still
 * searches alike.
 */
@NeedsStack({Part.ELASTICSEARCH})
class IncompatibleSchemaIT {

    @Test
    void installingTheTemplatesStopsOverAnIndexOfAnOlderOrNewerSchemaAndNamesIt(TestStack stack) throws Exception {
        String index = "audit-quarantine-1989.03";
        try (ElasticsearchClient elasticsearch = ElasticsearchClients.connect(URI.create(stack.elasticsearchUrl()))) {
            assertThatCode(() -> new IndexTemplateInstaller(elasticsearch).install()).doesNotThrowAnyException();
            // As schema 3 left it: the index was made by the template of its day, whose _meta said 3.
            http(stack, "PUT", "/" + index, null);
            http(stack, "PUT", "/" + index + "/_mapping", "{\"_meta\":{\"schemaVersion\":3}}");

            assertThatThrownBy(() -> new IndexTemplateInstaller(elasticsearch).install())
                    .isInstanceOf(IndexTemplateInstaller.IncompatibleSchemaException.class)
                    .hasMessageContaining(index + " (schema 3)")
                    .hasMessageContaining("deploy/bin/down --purge");

            http(stack, "PUT", "/" + index + "/_mapping", "{\"_meta\":{\"schemaVersion\":99}}");
            assertThatThrownBy(() -> new IndexTemplateInstaller(elasticsearch).install())
                    .isInstanceOf(IndexTemplateInstaller.IncompatibleSchemaException.class)
                    .hasMessageContaining(index + " (schema 99)")
                    .hasMessageContaining("later version");
        } finally {
            http(stack, "DELETE", "/" + index, null);
        }
    }

    @Test
    void indicesOfSchema4AreKeptAndGetTheTextFieldAndKeywordLimitsOfLaterSchemasEachOnItsOwn(TestStack stack) throws Exception {
        String index = "audit-quarantine-1989.04";
        String conflicting = "audit-quarantine-1989.05";
        try (ElasticsearchClient elasticsearch = ElasticsearchClients.connect(URI.create(stack.elasticsearchUrl()));
             InputStream component = IndexTemplateInstaller.class.getResourceAsStream("/elasticsearch/audit-document.component-template.json")) {
            // As schema 4 made them: every message in raw (base64), no rawText; made with the template out of the way,
            // which would otherwise add this version's fields. The second one's mappings cannot take this version's.
            ObjectNode schema4 = (ObjectNode) EnvelopeCodec.mapper().readTree(component).path("template").path("mappings");
            ((ObjectNode) schema4.path("properties")).remove("rawText");
            ((ObjectNode) schema4.path("properties").path("participants").path("properties").path("userId")).remove("ignore_above");
            ((ObjectNode) schema4.path("_meta")).put("schemaVersion", 4);
            ObjectNode unmergeable = schema4.deepCopy();
            ((ObjectNode) unmergeable.path("properties")).putObject("rawSize").put("type", "keyword");
            http(stack, "DELETE", "/_index_template/audit-quarantine", null);
            JsonNode before;
            try {
                http(stack, "PUT", "/" + index, "{\"mappings\":" + schema4 + "}");
                http(stack, "PUT", "/" + conflicting, "{\"mappings\":" + unmergeable + "}");
                before = json(http(stack, "GET", "/" + index + "/_mapping", null)).path(index).path("mappings");
            } finally {
                // What is tested: installing puts the templates back and upgrades what it can, index by index.
                new IndexTemplateInstaller(elasticsearch).install();
            }
            assertThat(before.path("_meta").path("schemaVersion").asInt()).isEqualTo(4);
            assertThat(before.path("properties").has("rawText")).isFalse();
            assertThat(before.path("properties").path("participants").path("properties").path("userId").has("ignore_above")).isFalse();

            JsonNode mappings = json(http(stack, "GET", "/" + index + "/_mapping", null)).path(index).path("mappings");
            assertThat(mappings.path("_meta").path("schemaVersion").asInt()).isEqualTo(AuditDocument.SCHEMA_VERSION);
            assertThat(mappings.path("properties").path("rawText").path("index").asBoolean(true)).isFalse();
            // Its earlier documents lack what schema 7 added: said, so that the query API does not search them by it.
            assertThat(mappings.path("_meta").path(AuditDocument.PARTIAL_FIELDS_META)).extracting(JsonNode::asText)
                    .containsExactly("objects.role", "objects.type");
            // Schema 6's limit, put on a field that exists (Elasticsearch takes ignore_above on existing keywords).
            assertThat(mappings.path("properties").path("participants").path("properties").path("userId").path("ignore_above").asInt())
                    .isEqualTo(10922);
            assertThat(json(http(stack, "PUT", "/" + index + "/_doc/1", "{\"rawText\":\"<AuditMessage/>\"}")).path("result").asText())
                    .isEqualTo("created");
            JsonNode left = json(http(stack, "GET", "/" + conflicting + "/_mapping", null)).path(conflicting).path("mappings");
            assertThat(left.path("_meta").path("schemaVersion").asInt()).isEqualTo(4);
            assertThat(left.path("properties").has("rawText")).isFalse();
        } finally {
            http(stack, "DELETE", "/" + index, null);
            http(stack, "DELETE", "/" + conflicting, null);
        }
    }
}

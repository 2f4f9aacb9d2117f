package arr.indexer;

import static arr.indexer.IndexerTestSupport.http;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.indexer.bootstrap.IndexTemplateInstaller;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The indexer does not start over monthly indices of an older document schema, which this version cannot search alike,
 * nor over those of a newer one, whose mappings it would overwrite.
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
}

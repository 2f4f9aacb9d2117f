package arr.indexer.bootstrap;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import arr.schemas.envelope.EnvelopeCodec;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the versioned templates from {@code schemas} at start-up: the {@code audit-document} component
 * template and the {@code audit-events} and {@code audit-quarantine} index templates composing it. A
 * failure stops start-up: indexing without the strict mappings would let documents in unchecked.
 */
public final class IndexTemplateInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplateInstaller.class);

    private final ElasticsearchClient client;

    public IndexTemplateInstaller(ElasticsearchClient client) {
        this.client = client;
    }

    public void install() {
        try {
            try (InputStream component = resource("audit-document.component-template.json")) {
                client.cluster().putComponentTemplate(r -> r.name("audit-document").withJson(component));
            }
            for (String name : new String[] {"audit-events", "audit-quarantine"}) {
                try (InputStream template = resource(name + ".index-template.json")) {
                    client.indices().putIndexTemplate(r -> r.name(name).withJson(template));
                }
            }
            LOG.info("index templates installed: audit-document, audit-events, audit-quarantine");
            upgradeExistingIndices();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the index templates in Elasticsearch", e);
        }
    }

    /**
     * A template only shapes indices created after it, so the current month's index would refuse (strict) the fields
     * a new version adds: the mappings are also put on every existing monthly index. Additive changes succeed; an
     * incompatible one is logged and leaves old indices as they are (new months get the new mappings).
     */
    private void upgradeExistingIndices() throws IOException {
        JsonNode mappings;
        try (InputStream component = resource("audit-document.component-template.json")) {
            mappings = EnvelopeCodec.mapper().readTree(component).path("template").path("mappings");
        }
        try {
            client.indices().putMapping(r -> r.index("audit-events-*", "audit-quarantine-*").allowNoIndices(true)
                    .ignoreUnavailable(true).withJson(new StringReader(mappings.toString())));
        } catch (ElasticsearchException e) {
            LOG.error("the current mappings cannot be applied to the existing monthly indices ({}); documents with new fields"
                    + " will be refused there until next month's index", e.getMessage());
        }
    }

    private static InputStream resource(String name) {
        InputStream in = IndexTemplateInstaller.class.getClassLoader().getResourceAsStream("elasticsearch/" + name);
        if (in == null) {
            throw new IllegalStateException("template resource elasticsearch/" + name + " missing from the schemas jar");
        }
        return in;
    }
}

package arr.indexer.bootstrap;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.InputStream;
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the index templates in Elasticsearch", e);
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

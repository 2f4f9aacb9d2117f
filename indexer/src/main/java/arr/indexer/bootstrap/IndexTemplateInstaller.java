package arr.indexer.bootstrap;

import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.index.AuditDocument;
import arr.schemas.index.PartialFields;
import arr.schemas.index.SchemaCompatibility;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
            refuseIncompatibleSchemas();
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
     * a new version adds: the mappings are also put on every open monthly index of an older schema, one index at a
     * time, so that one whose mappings cannot take them (logged, left as it is; new months get the new mappings) does
     * not keep the others from being upgraded. Closed indices take no mappings: one reopened later is upgraded at the
     * next start.
     */
    private void upgradeExistingIndices() throws IOException {
        JsonNode mappings;
        try (InputStream component = resource("audit-document.component-template.json")) {
            mappings = EnvelopeCodec.mapper().readTree(component).path("template").path("mappings");
        }
        var open = client.indices().getMapping(r -> r.index("audit-events-*", "audit-quarantine-*").allowNoIndices(true)
                .ignoreUnavailable(true).expandWildcards(ExpandWildcard.Open));
        Map<String, Map<String, JsonData>> older = new TreeMap<>();
        open.mappings().forEach((index, mapping) -> {
            var meta = mapping.mappings().meta();
            if (schemaOf(meta).version() < AuditDocument.SCHEMA_VERSION) {
                older.put(index, meta);
            }
        });
        for (Map.Entry<String, Map<String, JsonData>> entry : older.entrySet()) {
            String index = entry.getKey();
            // The documents indexed before hold none of the fields added since: said in _meta, which the put replaces.
            PartialFields partial = PartialFields.ofIndex(text(entry.getValue()));
            ObjectNode upgraded = mappings.deepCopy();
            if (!partial.isEmpty()) {
                partial.fields().forEach(((ObjectNode) upgraded.path("_meta")).putArray(AuditDocument.PARTIAL_FIELDS_META)::add);
            }
            try {
                client.indices().putMapping(r -> r.index(index).withJson(new StringReader(upgraded.toString())));
            } catch (ElasticsearchException e) {
                LOG.error("the current mappings cannot be applied to index {} ({}); documents with new fields will be refused"
                        + " there", index, e.getMessage());
            }
        }
        if (!older.isEmpty()) {
            LOG.info("mappings of schema {} put on {} existing monthly indices", AuditDocument.SCHEMA_VERSION, older.size());
        }
    }

    /**
     * Monthly indices of a schema older than {@link AuditDocument#OLDEST_COMPATIBLE_SCHEMA} hold their participants as
     * nested documents, which the searches of this version do not look into: a search by user or address, and a user's
     * activity, would answer without those months, and this version's documents would be refused there. Indices of a
     * newer schema than this version's were written by a later version (this one was rolled back over them): putting
     * this version's mappings on them would misstate their schema. The indexer starts over neither; the error names
     * them and what to do.
     */
    private void refuseIncompatibleSchemas() throws IOException {
        // Closed indices too: one reopened later would be searched like the others.
        var answer = client.indices().getMapping(r -> r.index("audit-events-*", "audit-quarantine-*").allowNoIndices(true)
                .ignoreUnavailable(true).expandWildcards(ExpandWildcard.All));
        Map<String, SchemaCompatibility.IndexSchema> schemas = new HashMap<>();
        answer.mappings().forEach((index, mapping) -> {
            var meta = mapping.mappings().meta();
            schemas.put(index, schemaOf(meta));
        });
        SchemaCompatibility compatibility = SchemaCompatibility.forWriting(schemas);
        List<String> older = compatibility.older();
        List<String> newer = compatibility.newer();
        if (!older.isEmpty()) {
            throw new IncompatibleSchemaException("Elasticsearch holds monthly indices of a document schema older than "
                    + AuditDocument.OLDEST_COMPATIBLE_SCHEMA + ", which this version (schema " + AuditDocument.SCHEMA_VERSION
                    + ") cannot search alike: " + String.join(", ", older) + ". It does not start over them. On a local stack,"
                    + " `deploy/bin/down --purge` removes them with the rest of the data; elsewhere they need a migration this"
                    + " version does not have (README, \"Document schema versions\").");
        }
        if (!newer.isEmpty()) {
            throw new IncompatibleSchemaException("Elasticsearch holds monthly indices of a newer document schema than this"
                    + " version's " + AuditDocument.SCHEMA_VERSION + ": " + String.join(", ", newer) + ". They were written by a"
                    + " later version; run that version (README, \"Document schema versions\").");
        }
    }


    /** Elasticsearch holds indices this version must not write to or search. */
    public static final class IncompatibleSchemaException extends IllegalStateException {
        IncompatibleSchemaException(String message) {
            super(message);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = IndexTemplateInstaller.class.getClassLoader().getResourceAsStream("elasticsearch/" + name);
        if (in == null) {
            throw new IllegalStateException("template resource elasticsearch/" + name + " missing from the schemas jar");
        }
        return in;
    }

    /** The schema of an index, from its mapping's {@code _meta}. */
    private static SchemaCompatibility.IndexSchema schemaOf(Map<String, JsonData> meta) {
        return SchemaCompatibility.IndexSchema.fromMeta(text(meta));
    }

    /** Each key of a mapping's {@code _meta} as JSON text, null where there is none. */
    private static java.util.function.UnaryOperator<String> text(Map<String, JsonData> meta) {
        return key -> meta == null || meta.get(key) == null ? null : meta.get(key).toJson().toString();
    }
}

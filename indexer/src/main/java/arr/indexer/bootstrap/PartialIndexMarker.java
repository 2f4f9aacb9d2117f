package arr.indexer.bootstrap;

import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.index.AuditDocument;
import arr.schemas.index.PartialFields;
import arr.schemas.index.SchemaCompatibility;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a monthly index as holding documents without fields a later schema added ({@code _meta.partialFields},
 * {@link PartialFields}), when a record of an older collector or query API (or one waiting in the topic since before
 * an upgrade) files such a document there: a month created from this version's template would otherwise look complete,
 * and a search by those fields would miss its older documents unseen. Marked before the document is sent; each index
 * once per process. A failure is logged and tried again with the next such document.
 */
public class PartialIndexMarker {

    private static final Logger LOG = LoggerFactory.getLogger(PartialIndexMarker.class);

    private final ElasticsearchClient client;
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    public PartialIndexMarker(ElasticsearchClient client) {
        this.client = client;
    }

    /** @param schema the newest schema whose searched fields the document filed in {@code index} holds */
    public void documentOfSchema(String index, int schema) {
        if (schema >= AuditDocument.SCHEMA_VERSION || marked.contains(index)) {
            return;
        }
        try {
            mark(index, schema);
            marked.add(index);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot mark index {} as holding documents of schema {} ({}); searches by the fields later schemas "
                    + "added may miss them there until it is marked", index, schema, e.toString());
        }
    }

    private void mark(String index, int schema) throws IOException {
        try {
            // The bulk request would create it from its template: made here first, so that the mark comes first.
            client.indices().create(c -> c.index(index));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
        Map<String, JsonData> meta = client.indices().getMapping(r -> r.index(index)).mappings().get(index).mappings().meta();
        PartialFields before = PartialFields.fromMeta(json(meta, AuditDocument.PARTIAL_FIELDS_META))
                .upgradedFrom(SchemaCompatibility.schemaOf(json(meta, "schemaVersion")));
        PartialFields after = before.upgradedFrom(schema);
        ObjectNode newMeta = EnvelopeCodec.mapper().createObjectNode();
        for (Map.Entry<String, JsonData> entry : meta == null ? Map.<String, JsonData>of().entrySet() : meta.entrySet()) {
            newMeta.set(entry.getKey(), EnvelopeCodec.mapper().readTree(entry.getValue().toJson().toString()));
        }
        after.fields().forEach(newMeta.putArray(AuditDocument.PARTIAL_FIELDS_META)::add);
        String body = EnvelopeCodec.mapper().createObjectNode().set("_meta", newMeta).toString();
        // _meta is replaced whole: every key it had is put back.
        client.indices().putMapping(r -> r.index(index).withJson(new StringReader(body)));
        LOG.info("index {} marked as holding documents without {} (a record of document schema {})", index, after.fields(), schema);
    }

    private static String json(Map<String, JsonData> meta, String key) {
        return meta == null || meta.get(key) == null ? null : meta.get(key).toJson().toString();
    }
}

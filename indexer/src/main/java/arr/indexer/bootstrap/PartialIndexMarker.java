package arr.indexer.bootstrap;

import arr.indexer.Backoff;
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
 * and a search by those fields would miss its older documents unseen. Marked before the document is chained and sent,
 * each index once per process; while Elasticsearch cannot be reached the consumer waits, retrying with backoff, as it
 * does for a chain's head, since a document sent unmarked could be missed for good. A closed month is not marked: the
 * document cannot be filed there either (it goes to the dead letters), and the indexer marks it when it next files
 * one there after it is reopened. One of a newer schema is left to the newer indexer that made it.
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
        Backoff backoff = new Backoff(200, 10_000);
        while (true) {
            try {
                mark(index, schema);
                marked.add(index);
                return;
            } catch (ElasticsearchException e) {
                if ("index_closed_exception".equals(e.error().type())) {
                    LOG.warn("index {} is closed and not marked as holding documents of schema {}", index, schema);
                    return;
                }
                retry(index, e, backoff);
            } catch (IOException | RuntimeException e) {
                retry(index, e, backoff);
            }
        }
    }

    private static void retry(String index, Exception e, Backoff backoff) {
        LOG.warn("cannot mark index {} as holding documents of an older schema ({}); retrying in {} ms before filing them",
                index, e.toString(), backoff.delayMillis());
        try {
            backoff.pause();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while marking index " + index, interrupted);
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
        int version = SchemaCompatibility.schemaOf(json(meta, "schemaVersion"));
        PartialFields before = PartialFields.ofIndex(key -> json(meta, key));
        if (version > AuditDocument.SCHEMA_VERSION) {
            LOG.warn("index {} is of a newer document schema ({}) and is not marked by this version", index, version);
            return;
        }
        PartialFields after = before.upgradedFrom(schema);
        if (after.equals(PartialFields.fromMeta(json(meta, AuditDocument.PARTIAL_FIELDS_META)))) {
            return; // already said
        }
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

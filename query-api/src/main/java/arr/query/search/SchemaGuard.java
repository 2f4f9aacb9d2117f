package arr.query.search;

import arr.schemas.index.AuditDocument;
import arr.schemas.index.SchemaCompatibility;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.json.JsonData;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Elasticsearch holds monthly indices this version cannot search alike ({@link SchemaCompatibility}): an
 * index of schema 3 nests its participants, which this version's searches do not look into, so a search by user would
 * answer without those months as if complete; one of a newer schema whose readers must be newer too may hold what this
 * version does not read ({@link SchemaCompatibility#forReading}). The indexer does not start over them; the query API
 * answers 503 over them rather than answer wrongly. Looked at again at most every {@link #RECHECK}, since indices come
 * and go (a newer indexer may create one at any time).
 */
@Singleton
public class SchemaGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaGuard.class);
    static final Duration RECHECK = Duration.ofSeconds(10);

    private final ElasticsearchClient client;
    private volatile Optional<String> problem = Optional.empty();
    private volatile long checkedAt = Long.MIN_VALUE;
    /** Whether the last look failed (only touched under the lock). */
    private boolean failing;

    public SchemaGuard(ElasticsearchClient client) {
        this.client = client;
    }

    /** Why this version cannot answer, or empty when it can (or when the mappings could not be read yet: logged). */
    public Optional<String> problem() {
        long now = System.nanoTime();
        if (checkedAt == Long.MIN_VALUE || now - checkedAt > RECHECK.toNanos()) {
            synchronized (this) {
                if (checkedAt == Long.MIN_VALUE || now - checkedAt > RECHECK.toNanos()) {
                    look();
                    checkedAt = System.nanoTime();
                }
            }
        }
        return problem;
    }

    /** Looks at the mappings again (under the lock); when they cannot be read, the last finding stands. */
    private void look() {
        Map<String, SchemaCompatibility.IndexSchema> schemas = new HashMap<>();
        try {
            // Closed indices too: one reopened later would be searched like the others.
            client.indices().getMapping(r -> r.index("audit-events-*", "audit-quarantine-*").allowNoIndices(true)
                    .ignoreUnavailable(true).expandWildcards(ExpandWildcard.All)).mappings().forEach((index, mapping) -> {
                        var meta = mapping.mappings().meta();
                        schemas.put(index, schemaOf(meta));
                    });
        } catch (IOException | RuntimeException e) {
            // Keep what was found last; say so once, since a user without the right to read mappings would otherwise
            // switch the check off unseen.
            if (!failing) {
                failing = true;
                LOG.warn("cannot read the mappings of the monthly indices to check their document schemas ({}); the last "
                        + "finding stands until they can be read", e.toString());
            }
            return;
        }
        failing = false;
        SchemaCompatibility compatibility = SchemaCompatibility.forReading(schemas);
        if (compatibility.compatible()) {
            problem = Optional.empty();
            return;
        }
        String found = "Elasticsearch holds monthly indices this query API (document schema " + AuditDocument.SCHEMA_VERSION
                + ", reading " + AuditDocument.OLDEST_COMPATIBLE_SCHEMA + " and later) cannot search alike"
                + (compatibility.older().isEmpty() ? "" : "; older: " + String.join(", ", compatibility.older()))
                + (compatibility.newer().isEmpty() ? "" : "; newer: " + String.join(", ", compatibility.newer()))
                + ". Run the query API of the indexer's version (README, \"Document schema versions\").";
        if (!Optional.of(found).equals(problem)) {
            LOG.error(found);
        }
        problem = Optional.of(found);
    }

    /** The schema of an index, from its mapping's {@code _meta}. */
    private static SchemaCompatibility.IndexSchema schemaOf(Map<String, JsonData> meta) {
        return SchemaCompatibility.IndexSchema.fromMeta(key -> meta == null || meta.get(key) == null ? null
                : meta.get(key).toJson().toString());
    }
}

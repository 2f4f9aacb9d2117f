package arr.schemas.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * Which monthly indices this version cannot work with alike: those of a document schema older than
 * {@link AuditDocument#OLDEST_COMPATIBLE_SCHEMA}, and newer ones. A writer (the indexer) must not touch an index of a
 * newer schema at all, whose mappings it would overwrite ({@link #forWriting}); a reader (the query API) can search
 * one whose mapping says its readers may be as old as this version ({@code _meta.readableFromSchema},
 * {@link AuditDocument#READABLE_FROM_SCHEMA}), so that an additive change does not stop an older query API
 * ({@link #forReading}).
 *
 * @param older each as {@code index (schema N)}, sorted by index
 * @param newer likewise
 */
public record SchemaCompatibility(List<String> older, List<String> newer) {

    public SchemaCompatibility {
        older = List.copyOf(older);
        newer = List.copyOf(newer);
    }

    /**
     * An index's mapping as far as compatibility goes.
     *
     * @param version      its {@code _meta.schemaVersion}, 0 where it has none
     * @param readableFrom its {@code _meta.readableFromSchema}, or {@code version} where it has none
     */
    public record IndexSchema(int version, int readableFrom) {

        /** @param meta the JSON text of a key of the mapping's {@code _meta}, null where it has none */
        public static IndexSchema fromMeta(UnaryOperator<String> meta) {
            int version = schemaOf(meta.apply("schemaVersion"));
            String readableFrom = meta.apply("readableFromSchema");
            return new IndexSchema(version, readableFrom == null ? version : schemaOf(readableFrom));
        }
    }

    /** For the indexer: every index of a newer schema than this version's is one too many. */
    public static SchemaCompatibility forWriting(Map<String, IndexSchema> schemaByIndex) {
        return classify(schemaByIndex, IndexSchema::version);
    }

    /** For the query API: an index of a newer schema is one too many only when its readers must be newer too. */
    public static SchemaCompatibility forReading(Map<String, IndexSchema> schemaByIndex) {
        return classify(schemaByIndex, IndexSchema::readableFrom);
    }

    private static SchemaCompatibility classify(Map<String, IndexSchema> schemaByIndex, ToIntFunction<IndexSchema> newest) {
        List<String> older = new ArrayList<>();
        List<String> newer = new ArrayList<>();
        new TreeMap<>(schemaByIndex).forEach((index, schema) -> {
            if (schema.version() < AuditDocument.OLDEST_COMPATIBLE_SCHEMA) {
                older.add(index + " (schema " + schema.version() + ")");
            } else if (newest.applyAsInt(schema) > AuditDocument.SCHEMA_VERSION) {
                newer.add(index + " (schema " + schema.version() + ")");
            }
        });
        return new SchemaCompatibility(older, newer);
    }

    /**
     * The schema version a mapping's {@code _meta.schemaVersion} holds, given as JSON text; 0 (older than any) when
     * there is none or it is not a whole number.
     */
    public static int schemaOf(String json) {
        if (json == null) {
            return 0;
        }
        try {
            return Integer.parseInt(json.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean compatible() {
        return older.isEmpty() && newer.isEmpty();
    }
}

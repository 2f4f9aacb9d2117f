package arr.schemas.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which monthly indices this version cannot search alike: those of a document schema older than
 * {@link AuditDocument#OLDEST_COMPATIBLE_SCHEMA} and those of a newer one than {@link AuditDocument#SCHEMA_VERSION}.
 * The indexer does not start over them; the query API does not answer over them.
 *
 * @param older each as {@code index (schema N)}, sorted by index
 * @param newer likewise
 */
public record SchemaCompatibility(List<String> older, List<String> newer) {

    public SchemaCompatibility {
        older = List.copyOf(older);
        newer = List.copyOf(newer);
    }

    /** @param schemaByIndex each index's {@code _meta.schemaVersion}, 0 where it has none */
    public static SchemaCompatibility of(Map<String, Integer> schemaByIndex) {
        List<String> older = new ArrayList<>();
        List<String> newer = new ArrayList<>();
        new TreeMap<>(schemaByIndex).forEach((index, schema) -> {
            if (schema < AuditDocument.OLDEST_COMPATIBLE_SCHEMA) {
                older.add(index + " (schema " + schema + ")");
            } else if (schema > AuditDocument.SCHEMA_VERSION) {
                newer.add(index + " (schema " + schema + ")");
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

package arr.schemas.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The searched fields that only some documents of a monthly index may hold: those a later schema added after the
 * index was created, whose mappings the indexer then put on it ({@code _meta.partialFields},
 * {@link AuditDocument#PARTIAL_FIELDS_META}). Its documents from before hold no value there, whatever their message
 * said, so a search by such a field would miss them; the query API refuses it over such an index instead.
 *
 * @param fields the field paths, sorted
 */
public record PartialFields(Set<String> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PartialFields {
        fields = java.util.Collections.unmodifiableSet(new TreeSet<>(fields));
    }

    /**
     * @param json the JSON text of the mapping's {@code _meta.partialFields} (an array of field paths), or null where
     *             it has none; anything else counts as none
     */
    public static PartialFields fromMeta(String json) {
        Set<String> fields = new TreeSet<>();
        if (json != null) {
            try {
                JsonNode node = JSON.readTree(json);
                if (node.isArray()) {
                    node.forEach(field -> fields.add(field.asText()));
                }
            } catch (JsonProcessingException e) {
                // Not ours: no partial fields known.
            }
        }
        return new PartialFields(fields);
    }

    /**
     * The fields only some documents of an index may hold: those its mapping names, and those added by schemas after
     * the one its mapping says it is of.
     *
     * @param meta the JSON text of a key of the index mapping's {@code _meta}, null where it has none
     */
    public static PartialFields ofIndex(java.util.function.UnaryOperator<String> meta) {
        return fromMeta(meta.apply(AuditDocument.PARTIAL_FIELDS_META))
                .upgradedFrom(SchemaCompatibility.schemaOf(meta.apply("schemaVersion")));
    }

    /** These and every field a schema after {@code version}, up to this version's, added. */
    public PartialFields upgradedFrom(int version) {
        Set<String> out = new TreeSet<>(fields);
        for (Map.Entry<Integer, java.util.List<String>> added : AuditDocument.FIELDS_ADDED_IN.entrySet()) {
            if (added.getKey() > version && added.getKey() <= AuditDocument.SCHEMA_VERSION) {
                out.addAll(added.getValue());
            }
        }
        return new PartialFields(out);
    }

    public boolean contains(String field) {
        return fields.contains(field);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }
}

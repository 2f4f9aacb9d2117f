package arr.schemas.chain;

import arr.schemas.envelope.EnvelopeCodec;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One byte form per JSON value: compact, object keys sorted at every level, absent values and empty arrays and
 * strings left out (a lean {@code _source}: Elasticsearch parses every byte of it), strings
 * as Jackson writes them. The indexer serializes a document straight into this form (sorted properties) and
 * the verifier gets the same bytes back by re-sorting what Elasticsearch returns; {@code CanonicalJsonTest}
 * proves the two agree on every sample and corpus message.
 */
public final class CanonicalJson {

    @SuppressWarnings("deprecation")
    private static final ObjectMapper WRITER = EnvelopeCodec.mapper()
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            // The records' own @JsonInclude(NON_NULL) would otherwise win over the mapper's default.
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public JsonInclude.Value findPropertyInclusion(Annotated annotated) {
                    return JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY);
                }
            });

    private CanonicalJson() {
    }

    /** A record or other bean, serialized with sorted properties. */
    public static byte[] of(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A parsed tree (such as an Elasticsearch {@code _source}), re-sorted. */
    public static byte[] of(JsonNode tree) {
        try {
            return WRITER.writeValueAsBytes(sorted(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize a JSON tree: " + e.getMessage(), e);
        }
    }

    public static JsonNode parse(byte[] json) {
        try {
            return WRITER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                JsonNode value = node.get(name);
                if (!value.isNull() && !(value.isContainerNode() && value.isEmpty()) && !(value.isTextual() && value.asText().isEmpty())) {
                    copy.set(name, sorted(value));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}

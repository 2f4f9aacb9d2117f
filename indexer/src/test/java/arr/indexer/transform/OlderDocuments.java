package arr.indexer.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Documents as writers before document schema 7 made them, for tests of how they are filed and compared. */
public final class OlderDocuments {

    private OlderDocuments() {
    }

    /** The document's objects by their IDs alone (no types and roles; an object without an ID left out), in place. */
    public static ObjectNode objectIdsOnly(ObjectNode document) {
        JsonNode objects = document.remove("objects");
        if (objects != null) {
            ArrayNode ids = document.putArray("objects");
            objects.forEach(o -> {
                if (o.has("id")) {
                    ids.addObject().set("id", o.get("id"));
                }
            });
            if (ids.isEmpty()) {
                document.remove("objects");
            }
        }
        return document;
    }
}

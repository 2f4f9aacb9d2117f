package arr.indexer.deadletter;

import arr.schemas.index.QuarantineIdentifiers;
import arr.schemas.mapping.CxIdentifier;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The patients and audit sources a dead letter is about, for the legal holds: a refused document never reached its
 * index, so the index's hold check could not see it, and its dead letter is the repository's only copy. Read from
 * the refused document's fields and from its raw message (scanned as a quarantined message is), or, for a record
 * that was not even an envelope, from its bytes.
 *
 * @param patientIds bare patient IDs
 * @param patientCx  patient identifiers as sent
 * @param sources    AuditSourceIDs and the record key
 */
public record DeadLetterIdentifiers(Set<String> patientIds, Set<String> patientCx, Set<String> sources) {

    public static DeadLetterIdentifiers of(DeadLetterPublisher.FailureRecord failure) {
        DeadLetterIdentifiers found = new DeadLetterIdentifiers(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        if (failure.sourceKey() != null) {
            found.sources.add(failure.sourceKey());
        }
        byte[] value = failure.value();
        if (value == null) {
            return found;
        }
        JsonNode document = json(value);
        if (document == null || !document.isObject()) {
            found.scan(value);
            return found;
        }
        for (JsonNode patient : document.path("patients")) {
            found.addPatient(patient.path("cx").asText(patient.path("id").asText("")));
            if (patient.hasNonNull("id")) {
                found.patientIds.add(patient.path("id").asText());
            }
        }
        for (JsonNode source : document.path("sources")) {
            if (source.hasNonNull("id")) {
                found.sources.add(source.path("id").asText());
            }
        }
        if (document.hasNonNull("sourceKey")) {
            found.sources.add(document.path("sourceKey").asText());
        }
        if (document.path("rawText").isTextual()) {
            found.scan(document.path("rawText").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (document.path("raw").isTextual()) {
            try {
                found.scan(Base64.getDecoder().decode(document.path("raw").asText()));
            } catch (IllegalArgumentException notBase64) {
                found.scan(document.path("raw").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return found;
    }

    private void scan(byte[] text) {
        QuarantineIdentifiers.patients(text).forEach(p -> addPatient(p.cx()));
        QuarantineIdentifiers.sources(text).forEach(s -> sources.add(s.id()));
    }

    private void addPatient(String cx) {
        if (cx != null && !cx.isBlank()) {
            patientCx.add(cx);
            String id = CxIdentifier.parse(cx).id();
            patientIds.add(id.isEmpty() ? cx : id);
        }
    }

    private static JsonNode json(byte[] value) {
        try {
            return DeadLetterPublisher.JSON.readTree(value);
        } catch (IOException notJson) {
            return null;
        }
    }
}

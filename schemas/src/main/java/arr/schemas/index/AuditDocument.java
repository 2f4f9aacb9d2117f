package arr.schemas.index;

import arr.schemas.envelope.Transport;
import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditSource;
import arr.schemas.event.CodedValue;
import arr.schemas.event.Dialect;
import arr.schemas.event.EventTime;
import arr.schemas.event.ParticipantObject;
import arr.schemas.event.Patient;
import arr.schemas.validation.ValidationResult;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The Elasticsearch document of one message, as mapped by {@code elasticsearch/audit-document.component-template.json}
 * (dynamic: strict). One shape for events and quarantined messages (whose event fields are absent).
 * Participants are nested so that "this user, as the requestor, from this address" is one participant; patients are
 * matched by their whole CX value or their ID, so they and the objects are plain objects;
 * {@code freeText} gathers names and descriptions for full-text search; the raw message is stored, not indexed.
 * {@code sourceKey} is the Kafka record key (AuditSourceID or {@code peer:<address>}), the unit of reconciliation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditDocument(
        String id,
        Instant receivedAt,
        Dialect dialect,
        CodedValue eventId,
        List<CodedValue> eventTypes,
        String action,
        Integer outcome,
        EventTime eventTime,
        String outcomeDescription,
        List<CodedValue> purposesOfUse,
        List<ActiveParticipant> participants,
        List<AuditSource> sources,
        List<ParticipantObject> objects,
        List<Patient> patients,
        List<String> studyUids,
        String freeText,
        ValidationResult validation,
        Transport transport,
        byte[] raw,
        long rawSize,
        String sourceKey,
        ChainLink chain) {
}

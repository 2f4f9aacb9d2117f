package arr.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * A normalized audit event: one immutable model for every dialect. JAXB types never leave
 * {@code schemas}; this is what the collector, indexer and query API share.
 *
 * @param dialect            the dialect the message was written in
 * @param eventId            {@code EventID}
 * @param eventTypes         every {@code EventTypeCode}
 * @param action             {@code EventActionCode} (C, R, U, D, E), or null
 * @param outcome            {@code EventOutcomeIndicator} (0, 4, 8, 12), or null when absent or not a number
 * @param eventTime          {@code EventDateTime}
 * @param outcomeDescription {@code EventOutcomeDescription}, or null
 * @param purposesOfUse      every {@code PurposeOfUse} (IHE)
 * @param participants       every ActiveParticipant
 * @param sources            every AuditSourceIdentification (one in DICOM; RFC 3881 allows several)
 * @param objects            every ParticipantObjectIdentification
 * @param patients           patients parsed from the patient objects
 * @param studyUids          study instance UIDs named by the objects
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
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
        List<String> studyUids) {

    public AuditEvent {
        eventTypes = List.copyOf(eventTypes);
        purposesOfUse = List.copyOf(purposesOfUse);
        participants = List.copyOf(participants);
        sources = List.copyOf(sources);
        objects = List.copyOf(objects);
        patients = List.copyOf(patients);
        studyUids = List.copyOf(studyUids);
    }

    /** The first AuditSourceIdentification, which names the reporting system. */
    public Optional<AuditSource> source() {
        return sources.isEmpty() ? Optional.empty() : Optional.of(sources.get(0));
    }
}

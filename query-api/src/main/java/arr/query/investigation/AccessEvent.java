package arr.query.investigation;

import java.util.List;

/** The part of a stored event the patient-accesses investigation needs (read with {@code _source} filtering). */
record AccessEvent(Time eventTime, Code eventId, List<Code> eventTypes, String action, Integer outcome,
                   List<Participant> participants, List<Patient> patients, List<Source> sources) {

    /** The SOURCE fields of these records. */
    static final List<String> FIELDS = List.of("eventTime.value", "eventId.code", "eventTypes.code", "action", "outcome",
            "participants.userId", "participants.userName", "participants.requestor", "participants.networkAccessPointId",
            "patients.id", "patients.cx", "sources.id");

    record Time(java.time.OffsetDateTime value) {
    }

    record Code(String code) {
    }

    record Participant(String userId, String userName, Boolean requestor, String networkAccessPointId) {
    }

    record Patient(String id, String cx) {
    }

    record Source(String id) {
    }
}

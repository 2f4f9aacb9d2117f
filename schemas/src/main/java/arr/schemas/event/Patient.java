package arr.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A patient named by a patient object (type 1, role 1), its ID parsed as HL7 CX.
 *
 * @param id        CX.1, the identifier
 * @param authority CX.4's universal ID (an OID) when present, else its namespace ID, else null
 * @param cx        the ParticipantObjectID exactly as sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Patient(String id, String authority, String cx) {
}

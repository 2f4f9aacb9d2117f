package arr.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One ParticipantObjectIdentification (A.5.1): a patient, study, query, document or other object the
 * event concerned.
 *
 * @param id           {@code ParticipantObjectID}, or null (optional in RFC 3881 and IHE)
 * @param typeCode     {@code ParticipantObjectTypeCode} (1 person, 2 system object, 3 organization, 4 other), or null
 * @param role         {@code ParticipantObjectTypeCodeRole} (1–26), or null
 * @param lifeCycle    {@code ParticipantObjectDataLifeCycle} (1–15), or null
 * @param sensitivity  {@code ParticipantObjectSensitivity} (either spelling), or null
 * @param idType       {@code ParticipantObjectIDTypeCode}, or null
 * @param name         {@code ParticipantObjectName}, or null
 * @param query        {@code ParticipantObjectQuery} decoded to text when it is text, or null
 * @param queryBytes   the decoded query when it is binary, or null
 * @param details      every {@code ParticipantObjectDetail}
 * @param descriptions free-text {@code ParticipantObjectDescription}s
 * @param dicom        the DICOM object description, or null when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParticipantObject(
        String id,
        Integer typeCode,
        Integer role,
        Integer lifeCycle,
        String sensitivity,
        CodedValue idType,
        String name,
        String query,
        byte[] queryBytes,
        List<ObjectDetail> details,
        List<String> descriptions,
        DicomObjectDescription dicom) {

    public ParticipantObject {
        details = List.copyOf(details);
        descriptions = List.copyOf(descriptions);
    }

    /** A patient object: type 1 (person), role 1 (patient). */
    @JsonIgnore
    public boolean isPatient() {
        return Integer.valueOf(1).equals(typeCode) && Integer.valueOf(1).equals(role);
    }

    /** A study object: ID type 110180 (Study Instance UID). */
    @JsonIgnore
    public boolean isStudy() {
        return idType != null && "110180".equals(idType.code());
    }
}

package arr.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The DICOM object description of a participant object (A.5.1), whether the dialect put it inside
 * {@code ParticipantObjectDescription} (current) or directly in the object (2011–2014).
 *
 * @param mppsUids      {@code MPPS/@UID}
 * @param accessions    {@code Accession/@Number}
 * @param sopClasses    {@code SOPClass} entries
 * @param studyUids     {@code ParticipantObjectContainsStudy/StudyIDs/@UID}
 * @param encrypted     {@code Encrypted}, or null
 * @param anonymized    {@code Anonymized}, or null
 */
public record DicomObjectDescription(
        List<String> mppsUids,
        List<String> accessions,
        List<SopClass> sopClasses,
        List<String> studyUids,
        Boolean encrypted,
        Boolean anonymized) {

    public DicomObjectDescription {
        mppsUids = List.copyOf(mppsUids);
        accessions = List.copyOf(accessions);
        sopClasses = List.copyOf(sopClasses);
        studyUids = List.copyOf(studyUids);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return mppsUids.isEmpty() && accessions.isEmpty() && sopClasses.isEmpty() && studyUids.isEmpty()
                && encrypted == null && anonymized == null;
    }

    /**
     * One {@code SOPClass}.
     *
     * @param uid               the SOP Class UID, or null
     * @param numberOfInstances the count, or null when absent or not a number
     * @param instanceUids      listed instances
     */
    public record SopClass(String uid, Integer numberOfInstances, List<String> instanceUids) {

        public SopClass {
            instanceUids = List.copyOf(instanceUids);
        }
    }
}

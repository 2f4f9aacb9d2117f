package arr.query.fhir;

import arr.schemas.event.DicomObjectDescription;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;

/**
 * The DICOM object description of a participant object (MPPS, accession numbers, SOP classes and instances, the
 * studies it contains, encrypted, anonymized) as FHIR R4's AuditEvent entity extensions (standards.md §4.3), whose
 * definitions fix each one's type and count: UIDs are identifiers of system {@code urn:dicom:uid} with an
 * {@code urn:oid:} value, as FHIR's ImagingStudy writes them.
 */
final class DicomExtensions {

    private static final String BASE = "http://hl7.org/fhir/StructureDefinition/auditevent-";
    private static final String DICOM_UID = "urn:dicom:uid";
    private static final java.util.regex.Pattern UID = java.util.regex.Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final CodeableConcept ACCESSION = new CodeableConcept(new Coding(
            "http://terminology.hl7.org/CodeSystem/v2-0203", "ACSN", "Accession ID"));

    private DicomExtensions() {
    }

    static void add(AuditEventEntityComponent entity, DicomObjectDescription dicom) {
        if (dicom == null) {
            return;
        }
        dicom.mppsUids().forEach(uid -> entity.addExtension(BASE + "MPPS", uid(uid)));
        dicom.accessions().forEach(number -> entity.addExtension(BASE + "Accession",
                new Identifier().setType(ACCESSION.copy()).setValue(number)));
        long instances = 0;
        boolean everyCount = !dicom.sopClasses().isEmpty();
        for (DicomObjectDescription.SopClass sopClass : dicom.sopClasses()) {
            if (sopClass.uid() != null) {
                entity.addExtension(BASE + "SOPClass", new Reference().setIdentifier(uid(sopClass.uid())));
            }
            sopClass.instanceUids().forEach(uid -> entity.addExtension(BASE + "Instance", uid(uid)));
            Integer count = sopClass.numberOfInstances();
            everyCount &= count != null && count >= 0;
            instances += count == null ? 0 : count;
        }
        // FHIR has one count per entity: the instances of all its SOP classes, when every class gives its count (a
        // sum over some of them would state too few); the per-class counts stay in the raw message.
        if (everyCount && instances <= Integer.MAX_VALUE) {
            entity.addExtension(BASE + "NumberOfInstances", new IntegerType((int) instances));
        }
        // At most one study per entity in R4; an object naming several keeps the others in its raw message.
        List<String> studies = dicom.studyUids();
        if (!studies.isEmpty()) {
            entity.addExtension(BASE + "ParticipantObjectContainsStudy", uid(studies.get(0)));
        }
        if (dicom.encrypted() != null) {
            entity.addExtension(BASE + "Encrypted", new BooleanType(dicom.encrypted()));
        }
        if (dicom.anonymized() != null) {
            entity.addExtension(BASE + "Anonymized", new BooleanType(dicom.anonymized()));
        }
    }

    /** A DICOM UID as FHIR writes it ({@code urn:oid:} and the UID); a value that is no UID is kept as sent. */
    private static Identifier uid(String uid) {
        String value = uid.strip();
        return new Identifier().setSystem(DICOM_UID).setValue(UID.matcher(value).matches() ? "urn:oid:" + value : value);
    }
}

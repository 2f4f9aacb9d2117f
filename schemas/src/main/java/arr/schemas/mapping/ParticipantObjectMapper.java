package arr.schemas.mapping;

import arr.schemas.dicom.jaxb.AccessionType;
import arr.schemas.dicom.jaxb.ContainsStudyType;
import arr.schemas.dicom.jaxb.ParticipantObjectDescriptionType;
import arr.schemas.dicom.jaxb.ParticipantObjectDetailType;
import arr.schemas.dicom.jaxb.ParticipantObjectIdentificationType;
import arr.schemas.dicom.jaxb.SOPClassType;
import arr.schemas.dicom.jaxb.UidType;
import arr.schemas.event.DicomObjectDescription;
import arr.schemas.event.ObjectDetail;
import arr.schemas.event.ParticipantObject;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import jakarta.xml.bind.JAXBElement;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps one ParticipantObjectIdentification, whatever the dialect put where: free-text or container
 * descriptions, DICOM description elements inside or beside them, either spelling of sensitivity.
 */
final class ParticipantObjectMapper {

    private final int maxDecodedBytes;
    private final List<Issue> issues;

    ParticipantObjectMapper(int maxDecodedBytes, List<Issue> issues) {
        this.maxDecodedBytes = maxDecodedBytes;
        this.issues = issues;
    }

    ParticipantObject map(ParticipantObjectIdentificationType po, String path) {
        String query = null;
        byte[] queryBytes = null;
        if (po.getParticipantObjectQuery() != null) {
            Base64Values.Decoded decoded = decode(po.getParticipantObjectQuery(), path + "/ParticipantObjectQuery");
            query = decoded.text() != null ? decoded.text() : decoded.raw();
            queryBytes = decoded.bytes();
        }
        List<ObjectDetail> details = new ArrayList<>();
        List<ParticipantObjectDetailType> rawDetails = po.getParticipantObjectDetail();
        for (int i = 0; i < rawDetails.size(); i++) {
            details.add(detail(rawDetails.get(i), path + "/ParticipantObjectDetail" + index(i) + "/@value"));
        }
        List<String> descriptions = new ArrayList<>();
        DescriptionBuilder dicom = new DescriptionBuilder();
        for (ParticipantObjectDescriptionType description : po.getParticipantObjectDescription()) {
            collectDescription(description, descriptions, dicom);
        }
        dicom.addAll(po.getMPPS(), po.getAccession(), po.getSOPClass(), po.getParticipantObjectContainsStudy());
        dicom.encrypted(po.getEncrypted());
        dicom.anonymized(po.getAnonymized());
        DicomObjectDescription description = dicom.build();
        return new ParticipantObject(
                CodedValues.blankToNull(po.getParticipantObjectID()),
                integer(po.getParticipantObjectTypeCode()),
                integer(po.getParticipantObjectTypeCodeRole()),
                integer(po.getParticipantObjectDataLifeCycle()),
                CodedValues.firstNonBlank(po.getParticipantObjectSensitivity(), po.getParticipantObjectSensistity()),
                CodedValues.of(po.getParticipantObjectIDTypeCode()),
                CodedValues.blankToNull(po.getParticipantObjectName()),
                query, queryBytes, details, descriptions,
                description.isEmpty() ? null : description);
    }

    private ObjectDetail detail(ParticipantObjectDetailType detail, String path) {
        String type = CodedValues.blankToNull(detail.getType());
        if (detail.getValue() == null) {
            return new ObjectDetail(type, null, null, null);
        }
        Base64Values.Decoded decoded = decode(detail.getValue(), path);
        return new ObjectDetail(type, decoded.text(), decoded.bytes(), decoded.raw());
    }

    private Base64Values.Decoded decode(String value, String path) {
        Base64Values.Decoded decoded = Base64Values.decode(value, maxDecodedBytes);
        if (decoded.tooLarge()) {
            issues.add(Issue.of(IssueCode.DECODE_LIMIT_EXCEEDED, "value of " + value.length()
                    + " characters exceeds the decoding bound of " + maxDecodedBytes + " bytes; kept as sent", path));
        }
        return decoded;
    }

    private static void collectDescription(ParticipantObjectDescriptionType description, List<String> texts,
                                           DescriptionBuilder dicom) {
        StringBuilder text = new StringBuilder();
        for (Serializable part : description.getContent()) {
            if (part instanceof String s) {
                text.append(s);
            } else if (part instanceof JAXBElement<?> element) {
                dicom.add(element.getName().getLocalPart(), element.getValue());
            }
        }
        String trimmed = text.toString().trim();
        if (!trimmed.isEmpty()) {
            texts.add(trimmed);
        }
    }

    static Integer integer(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean bool(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim()) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The XPath-like step index used in issue paths: none for the first, {@code [n]} for the n-th after. */
    static String index(int i) {
        return i == 0 ? "" : "[" + (i + 1) + "]";
    }

    /** Accumulates the DICOM object description from wherever the dialect placed its parts. */
    private static final class DescriptionBuilder {
        private final List<String> mpps = new ArrayList<>();
        private final List<String> accessions = new ArrayList<>();
        private final List<DicomObjectDescription.SopClass> sopClasses = new ArrayList<>();
        private final List<String> studies = new ArrayList<>();
        private Boolean encrypted;
        private Boolean anonymized;

        void add(String name, Object value) {
            switch (name) {
                case "MPPS" -> addUid(mpps, (UidType) value);
                case "Accession" -> addAccession((AccessionType) value);
                case "SOPClass" -> addSopClass((SOPClassType) value);
                case "ParticipantObjectContainsStudy" -> addStudies((ContainsStudyType) value);
                case "Encrypted" -> encrypted((String) value);
                case "Anonymized" -> anonymized((String) value);
                default -> { }
            }
        }

        void addAll(List<UidType> mppsList, List<AccessionType> accessionList, List<SOPClassType> sops,
                    List<ContainsStudyType> containsStudies) {
            mppsList.forEach(m -> addUid(mpps, m));
            accessionList.forEach(this::addAccession);
            sops.forEach(this::addSopClass);
            containsStudies.forEach(this::addStudies);
        }

        void encrypted(String value) {
            if (value != null) {
                encrypted = bool(value);
            }
        }

        void anonymized(String value) {
            if (value != null) {
                anonymized = bool(value);
            }
        }

        private void addAccession(AccessionType accession) {
            String number = CodedValues.blankToNull(accession.getNumber());
            if (number != null) {
                accessions.add(number);
            }
        }

        private void addSopClass(SOPClassType sop) {
            List<String> instances = new ArrayList<>();
            sop.getInstance().forEach(i -> addUid(instances, i));
            sopClasses.add(new DicomObjectDescription.SopClass(CodedValues.blankToNull(sop.getUID()),
                    integer(sop.getNumberOfInstances()), instances));
        }

        private void addStudies(ContainsStudyType contains) {
            contains.getStudyIDs().forEach(s -> addUid(studies, s));
        }

        private static void addUid(List<String> target, UidType uid) {
            String value = CodedValues.blankToNull(uid.getUID());
            if (value != null) {
                target.add(value);
            }
        }

        DicomObjectDescription build() {
            return new DicomObjectDescription(mpps, accessions, sopClasses, studies, encrypted, anonymized);
        }
    }
}

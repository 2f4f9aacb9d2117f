package arr.query.fhir;

import arr.schemas.event.CodedValue;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * FHIR codings of the audit message's coded values (standards.md §4.3). A code system the message names is turned
 * into its FHIR URI where one is defined ({@code DCM}, {@code IHE Transactions}, an OID); a system known only by a
 * name FHIR has no URI for is left out of the coding, which keeps its code and meaning, rather than invented.
 */
final class CodeSystems {

    static final String DICOM = FhirSearch.DICOM;
    static final String AUDIT_ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String LIFECYCLE = "http://terminology.hl7.org/CodeSystem/dicom-audit-lifecycle";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String DICOM_OID = "1.2.840.10008.2.16.4";
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:[^\\s]+");
    private static final Set<String> SOURCE_TYPE_CODES = Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9");

    private CodeSystems() {
    }

    static Coding coding(CodedValue value) {
        Coding coding = new Coding().setCode(value.code()).setDisplay(value.display());
        String system = uri(value.system());
        if (system == null) {
            system = uri(value.codeSystem());
        }
        return system == null ? coding : coding.setSystem(system);
    }

    static CodeableConcept concept(CodedValue value) {
        CodeableConcept concept = new CodeableConcept().addCoding(coding(value));
        return value.display() == null ? concept : concept.setText(value.display());
    }

    /** An AuditSourceTypeCode: the RFC 3881 source types 1–9 (sent as DCM or RFC-3881 codes) are FHIR's security-source-type. */
    static Coding sourceType(CodedValue value) {
        String system = value.system();
        if (SOURCE_TYPE_CODES.contains(value.code()) && (system == null || system.equals("DCM") || system.equals("RFC-3881"))) {
            return new Coding(SOURCE_TYPE, value.code(), value.display());
        }
        return coding(value);
    }

    static String uri(String system) {
        if (system == null || system.isBlank()) {
            return null;
        }
        if (system.equals("DCM") || system.equals(DICOM_OID)) {
            return DICOM;
        }
        if (system.equals("IHE Transactions")) {
            return FhirSearch.IHE_EVENT_TYPES;
        }
        if (isOid(system)) {
            return "urn:oid:" + system;
        }
        return URI.matcher(system).matches() ? system : null;
    }

    static String oidUri(String authority) {
        return authority != null && isOid(authority) ? "urn:oid:" + authority : null;
    }

    /**
     * An OID FHIR's reference validator takes: well-formed, and not a placeholder as short as {@code 1.2.3} (it
     * refuses those unless under {@code 1.3}). A shorter one is left out of the identifier; the CX value as sent keeps it.
     */
    private static boolean isOid(String value) {
        return OID.matcher(value).matches() && (value.lastIndexOf('.') >= 4 || value.startsWith("1.3"));
    }
}

package arr.schemas.mapping;

import arr.schemas.dicom.jaxb.AuditSourceTypeCodeType;
import arr.schemas.dicom.jaxb.CodedValueType;
import arr.schemas.event.CodedValue;
import java.util.ArrayList;
import java.util.List;

/** Unifies the coded value forms of every dialect into {@link CodedValue} (standards.md §1.4). */
final class CodedValues {

    private CodedValues() {
    }

    /** The coded value, or null when it has no code at all. */
    static CodedValue of(CodedValueType value) {
        if (value == null) {
            return null;
        }
        return of(value.getCsdCode(), value.getCode(), value.getCodeSystemName(), value.getCodeSystem(),
                value.getOriginalText(), value.getDisplayName());
    }

    static List<CodedValue> of(List<CodedValueType> values) {
        List<CodedValue> out = new ArrayList<>(values.size());
        for (CodedValueType value : values) {
            CodedValue coded = of(value);
            if (coded != null) {
                out.add(coded);
            }
        }
        return out;
    }

    /** An AuditSourceTypeCode: coded attributes (current DICOM, RFC 3881) or the code as text (2011–2014). */
    static CodedValue sourceType(AuditSourceTypeCodeType value) {
        String code = firstNonBlank(value.getCsdCode(), value.getCode(), value.getValue());
        return code == null ? null : of(code, null, value.getCodeSystemName(), value.getCodeSystem(),
                value.getOriginalText(), value.getDisplayName());
    }

    static CodedValue of(String csdCode, String code, String systemName, String systemOid, String originalText,
                         String displayName) {
        String unified = firstNonBlank(csdCode, code);
        if (unified == null) {
            return null;
        }
        String name = blankToNull(systemName);
        String oid = blankToNull(systemOid);
        return new CodedValue(unified.trim(), name != null ? name : oid, firstNonBlank(originalText, displayName),
                name != null ? oid : null);
    }

    static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

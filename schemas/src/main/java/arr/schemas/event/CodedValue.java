package arr.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A coded value unified across dialects (standards.md §1.4): {@code code} is {@code csd-code} or
 * {@code code}; {@code system} is {@code codeSystemName}, else {@code codeSystem}; {@code display} is
 * {@code originalText} (DICOM's Code Meaning), else {@code displayName}.
 *
 * @param code       the code, never blank
 * @param system     the code system name or OID, or null
 * @param display    the human-readable meaning, or null
 * @param codeSystem the {@code codeSystem} OID when the sender gave one besides a name, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CodedValue(String code, String system, String display, String codeSystem) {

    public static CodedValue of(String code, String system, String display) {
        return new CodedValue(code, system, display, null);
    }
}

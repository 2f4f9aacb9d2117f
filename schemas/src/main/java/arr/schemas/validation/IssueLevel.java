package arr.schemas.validation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an issue was found: reading and schema validation, or the DICOM/IHE message rules. */
public enum IssueLevel {
    /** Not readable as XML, not an AuditMessage, or not conforming to its dialect's XSD. */
    SCHEMA,
    /** Against the DICOM PS3.15 A.5.2/A.5.3 rules. */
    SEMANTIC;

    /** Computed once: the name is written for every issue of every message. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static IssueLevel fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

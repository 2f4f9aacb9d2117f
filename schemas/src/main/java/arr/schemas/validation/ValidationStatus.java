package arr.schemas.validation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The verdict on one message. */
public enum ValidationStatus {
    /** Conforms to its dialect's XSD and passes every semantic rule. */
    VALID,
    /** Parsed and normalized, with deviations. */
    WARNING,
    /** Cannot be normalized: kept as raw bytes with the reasons (quarantine). */
    INVALID;

    /** Computed once: the name is written for every message (document, metrics). */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ValidationStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

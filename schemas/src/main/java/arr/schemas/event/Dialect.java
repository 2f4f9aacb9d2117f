package arr.schemas.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The audit message dialects seen in the wild (standards.md §0), each with its own XSD.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part15/sect_A.5.html">DICOM PS3.15 A.5</a>
 */
public enum Dialect {
    /** Current DICOM PS3.15 A.5: {@code csd-code} + {@code originalText}, description as a container. */
    DICOM("dicom", "xsd/dicom/audit-message.xsd"),
    /** DICOM 2011–2014c: {@code code} attribute on AuditSourceIdentification, {@code ParticipantObjectSensistity}. */
    DICOM_2014("dicom2014", "xsd/dicom2014/audit-message.xsd"),
    /** RFC 3881 / DICOM Supplement 95: {@code code} + {@code displayName}. */
    RFC_3881("rfc3881", "xsd/rfc3881/audit-message.xsd"),
    /** Current DICOM as IHE actors send it: PurposeOfUse, Name/Query and ParticipantObjectID optional. */
    IHE_RELAXED("ihe-relaxed", "xsd/ihe-relaxed/audit-message.xsd"),
    /** Not recognisably any of them (not XML, not an AuditMessage). */
    UNKNOWN("unknown", null);

    private final String wireName;
    private final String schemaResource;

    Dialect(String wireName, String schemaResource) {
        this.wireName = wireName;
        this.schemaResource = schemaResource;
    }

    /** The name used in JSON, the CLI and the index ({@code dicom}, {@code dicom2014}, ...). */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    public String schemaResource() {
        return schemaResource;
    }

    @JsonCreator
    public static Dialect fromWireName(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dialect " + name));
    }
}

package arr.schemas.index;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A legal hold placed through the query API, as stored in {@link #INDEX}: the query API writes it, the indexer's
 * retention reads the active ones beside those of its configuration. Never deleted: releasing one fills
 * {@code releasedBy} and {@code releasedAt}, so the holds' history stays.
 *
 * @param id         its ID (a UUID)
 * @param kind       {@link #PATIENT} (a patient ID, or a CX value, matched as the configured holds are) or
 *                   {@link #SOURCE} (an AuditSourceID)
 * @param value      the patient or the source
 * @param reason     why (a case reference): required
 * @param createdBy  the admin who placed it
 * @param createdAt  when, ISO-8601
 * @param releasedBy the admin who released it, or null while it holds
 * @param releasedAt when, or null while it holds
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LegalHold(String id, String kind, String value, String reason, String createdBy, String createdAt,
                        String releasedBy, String releasedAt) {

    public static final String INDEX = "audit-legal-holds";
    public static final String PATIENT = "patient";
    public static final String SOURCE = "source";

    @JsonIgnore
    public boolean active() {
        return releasedAt == null;
    }

    public LegalHold released(String by, String at) {
        return new LegalHold(id, kind, value, reason, createdBy, createdAt, by, at);
    }
}

package arr.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One AuditSourceIdentification (A.5.1): the system that reported the event.
 *
 * @param id    {@code AuditSourceID}
 * @param site  {@code AuditEnterpriseSiteID}, or null
 * @param types the {@code AuditSourceTypeCode}s (codes 1–9 or a local code), from whichever form the dialect used
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditSource(String id, String site, List<CodedValue> types) {

    public AuditSource {
        types = List.copyOf(types);
    }
}

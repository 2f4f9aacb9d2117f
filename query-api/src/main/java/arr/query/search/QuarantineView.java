package arr.query.search;

import arr.schemas.index.AuditDocument;
import arr.schemas.validation.Issue;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A message that could not be normalized (status {@code invalid}), with why and how it arrived. The fields
 * CONTRACT.md §4 lists are always present ({@code raw} empty for an empty message).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QuarantineView(String id, Instant receivedAt, String raw, long rawSize, List<Issue> reasons,
                             TransportView transport) {

    public static QuarantineView of(AuditDocument d) {
        return new QuarantineView(d.id(), d.receivedAt(), RawMessages.xml(d), d.rawSize(),
                d.validation() == null ? List.of() : d.validation().issues(), TransportView.of(d.transport()));
    }
}

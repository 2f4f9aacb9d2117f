package arr.query.search;

import arr.schemas.index.AuditDocument;
import arr.schemas.validation.Issue;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A message that could not be normalized (status {@code invalid}), with why and how it arrived. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantineView(String id, Instant receivedAt, String raw, long rawSize, List<Issue> reasons,
                             TransportView transport) {

    public static QuarantineView of(AuditDocument d) {
        return new QuarantineView(d.id(), d.receivedAt(), RawMessages.xml(d), d.rawSize(),
                d.validation() == null ? List.of() : d.validation().issues(), TransportView.of(d.transport()));
    }
}

package arr.schemas.event;


import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One ActiveParticipant (A.5.1): a person, process or node that took part in the event.
 *
 * @param userId                 {@code UserID}
 * @param alternativeUserId      {@code AlternativeUserID}, or null
 * @param userName               {@code UserName}, or null
 * @param requestor              {@code UserIsRequestor}; null when absent (RFC 3881 default is true)
 * @param networkAccessPointId   {@code NetworkAccessPointID}, or null
 * @param networkAccessPointType {@code NetworkAccessPointTypeCode} (1–5), or null
 * @param roles                  every {@code RoleIDCode}
 * @param mediaType              {@code MediaIdentifier/MediaType}, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActiveParticipant(
        String userId,
        String alternativeUserId,
        String userName,
        Boolean requestor,
        String networkAccessPointId,
        Integer networkAccessPointType,
        List<CodedValue> roles,
        CodedValue mediaType) {

    public ActiveParticipant {
        roles = List.copyOf(roles);
    }

    public boolean hasRole(String code) {
        return roles.stream().anyMatch(r -> code.equals(r.code()));
    }

    /** Whether the sender flagged this participant as the requestor (absent counts as not flagged). */
    public boolean requestorFlagged() {
        return Boolean.TRUE.equals(requestor);
    }
}

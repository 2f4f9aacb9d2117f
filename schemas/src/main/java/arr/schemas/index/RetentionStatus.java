package arr.schemas.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the indexer's last retention run decided, as it stores it in {@link #INDEX} (one document, {@link #ID}) for
 * the query API to show an admin: the policy in effect and each month's fate.
 *
 * @param runAt       when the run began, ISO-8601
 * @param outcome     {@code ok}, or {@code failed: <why>} (nothing more was deleted in that run)
 * @param minAge      the policy's minimum age (ISO-8601 period)
 * @param maxAge      its maximum age, or null (nothing is ever deleted)
 * @param interval    how often the policy is applied (ISO-8601 duration)
 * @param holdPatients the patients held by configuration
 * @param holdSources  the audit sources held by configuration
 * @param months      each monthly index and what the run did with it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RetentionStatus(String runAt, String outcome, String minAge, String maxAge, String interval,
                              List<String> holdPatients, List<String> holdSources, List<Month> months) {

    public RetentionStatus {
        holdPatients = holdPatients == null ? List.of() : List.copyOf(holdPatients);
        holdSources = holdSources == null ? List.of() : List.copyOf(holdSources);
        months = months == null ? List.of() : List.copyOf(months);
    }

    public static final String INDEX = "audit-retention";
    public static final String ID = "status";

    /**
     * @param index     the monthly index
     * @param action    {@code DELETED}, {@code HELD} (past the maximum age, kept for a legal hold), {@code KEPT} (not
     *                  due), or {@code WAITING} (due, kept until the indexer has caught up or the holds could be counted)
     * @param documents its documents when counted, else -1
     */
    public record Month(String index, String action, long documents) {
    }
}

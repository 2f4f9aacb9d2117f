package arr.schemas.validation;

import arr.schemas.event.Dialect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The verdict on one message: its status, the dialect it was read as, the EventID code when one could
 * be read, and every issue in document order (schema issues first).
 */
public record ValidationResult(ValidationStatus status, Dialect dialect, String eventId, List<Issue> issues) {

    public ValidationResult {
        issues = List.copyOf(issues);
    }

    @JsonIgnore
    public boolean isInvalid() {
        return status == ValidationStatus.INVALID;
    }

    public boolean hasIssue(String code) {
        return issues.stream().anyMatch(i -> i.code().equals(code));
    }
}

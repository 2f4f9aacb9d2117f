package arr.schemas.validation;

import arr.schemas.event.AuditEvent;
import java.util.Optional;

/**
 * One message after validation: the verdict and, unless it is invalid, the normalized event.
 *
 * @param result the status, dialect, EventID and issues
 * @param event  the normalized event; empty exactly when the status is {@code invalid}
 */
public record ValidatedMessage(ValidationResult result, Optional<AuditEvent> event) {
}

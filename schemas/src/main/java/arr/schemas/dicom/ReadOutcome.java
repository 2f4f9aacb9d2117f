package arr.schemas.dicom;

import arr.schemas.dicom.jaxb.AuditMessage;
import arr.schemas.event.Dialect;
import arr.schemas.validation.Issue;
import java.util.List;
import java.util.Optional;

/**
 * What reading one message gave: the dialect whose XSD validated it, the bound message unless reading
 * failed, and the issues found so far (a fatal one when the message could not be read).
 *
 * @param schemaDialect the dialect whose XSD was used, or UNKNOWN when reading stopped before validation
 * @param message       the bound message, empty when reading failed
 * @param issues        reading and schema issues in document order
 */
public record ReadOutcome(Dialect schemaDialect, Optional<AuditMessage> message, List<Issue> issues) {

    public ReadOutcome {
        issues = List.copyOf(issues);
    }

    static ReadOutcome failed(Dialect dialect, List<Issue> issues) {
        return new ReadOutcome(dialect, Optional.empty(), issues);
    }
}

package arr.schemas.validation;

import arr.schemas.dicom.AuditXmlReader;
import arr.schemas.dicom.ParserLimits;
import arr.schemas.dicom.ReadOutcome;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.Dialect;
import arr.schemas.mapping.AuditEventMapper;
import arr.schemas.validation.rules.SemanticValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point for a received message: read (one SAX pass with the dialect's XSD), normalize,
 * check the DICOM rules, and give the status. Never throws for any input; the caller keeps the raw bytes.
 * Thread-safe.
 */
public final class AuditMessageValidator {

    private final AuditXmlReader reader;
    private final AuditEventMapper mapper;
    private final SemanticValidator semantics = new SemanticValidator();

    public AuditMessageValidator(ParserLimits limits) {
        this.reader = new AuditXmlReader(limits);
        this.mapper = new AuditEventMapper(limits.maxDecodedBytes());
    }

    public static AuditMessageValidator withDefaults() {
        return new AuditMessageValidator(ParserLimits.defaults());
    }

    public ValidatedMessage validate(byte[] message) {
        ReadOutcome read;
        try {
            read = reader.read(message);
        } catch (RuntimeException e) {
            return invalid(Dialect.UNKNOWN, null, List.of(Issue.of(IssueCode.NOT_WELL_FORMED,
                    "the message could not be read: " + e.getClass().getSimpleName(), "/")));
        }
        List<Issue> issues = new ArrayList<>(read.issues());
        if (read.message().isEmpty()) {
            // Not read as an AuditMessage: the sniffed dialect would only be a guess.
            return invalid(Dialect.UNKNOWN, null, issues);
        }
        Optional<AuditEvent> event = mapper.map(read.message().get(), read.schemaDialect(), issues);
        if (event.isEmpty()) {
            return invalid(read.schemaDialect(), eventIdCode(read), issues);
        }
        issues.addAll(semantics.check(event.get()));
        ValidationStatus status = issues.isEmpty() ? ValidationStatus.VALID : ValidationStatus.WARNING;
        return new ValidatedMessage(new ValidationResult(status, event.get().dialect(), event.get().eventId().code(), issues), event);
    }

    private static ValidatedMessage invalid(Dialect dialect, String eventId, List<Issue> issues) {
        return new ValidatedMessage(new ValidationResult(ValidationStatus.INVALID, dialect, eventId, issues), Optional.empty());
    }

    private static String eventIdCode(ReadOutcome read) {
        var event = read.message().get().getEventIdentification();
        if (event == null || event.getEventID() == null) {
            return null;
        }
        String code = event.getEventID().getCsdCode() != null ? event.getEventID().getCsdCode() : event.getEventID().getCode();
        return code == null || code.isBlank() ? null : code.trim();
    }
}

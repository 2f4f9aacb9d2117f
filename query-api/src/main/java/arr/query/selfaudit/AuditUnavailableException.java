package arr.query.selfaudit;

/** The audit trail could not record a read, so the read is refused (answered 503). */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(Throwable cause) {
        super("the audit trail cannot record this read right now", cause);
    }
}

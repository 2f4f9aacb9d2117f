package arr.query.report;

/** Too many report runs are waiting to take another (503 with a message saying to come back later). */
public class ReportsBusyException extends RuntimeException {

    public ReportsBusyException(String message) {
        super(message);
    }
}

package arr.query.api;

/** A route the contract names but this version does not serve yet (501), rather than a misleading 403 or 404. */
public class NotBuiltYetException extends RuntimeException {

    public NotBuiltYetException(String message) {
        super(message);
    }
}

package arr.query.api;

/** A request the API refuses as it stands (400): the message says which parameter and why, for the caller. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}

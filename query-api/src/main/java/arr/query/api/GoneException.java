package arr.query.api;

/** What the request refers to existed but has expired (410), such as the search behind an old cursor. */
public class GoneException extends RuntimeException {

    public GoneException(String message) {
        super(message);
    }
}

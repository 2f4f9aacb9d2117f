package arr.deploy.local;

/** A stack operation that failed, with a message meant for the person who ran it. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}

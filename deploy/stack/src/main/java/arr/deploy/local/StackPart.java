package arr.deploy.local;

/** One process of the stack: how to prepare and start it, and how to tell that it is healthy. */
public interface StackPart {

    Part part();

    /** Writes whatever the process needs (configuration, formatted storage) and says how to start it. */
    LaunchSpec prepare();

    /** A quick check, a few seconds at most, that the part answers as it should. */
    boolean healthy();

    /** Runs once the part is healthy after a start (Kafka creates its topics here). */
    default void afterStart() {
    }
}

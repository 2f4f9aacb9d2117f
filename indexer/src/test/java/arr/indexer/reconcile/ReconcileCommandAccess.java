package arr.indexer.reconcile;

import java.io.PrintStream;
import java.util.Map;

/** Lets tests in other packages run the command with their own environment and streams. */
public final class ReconcileCommandAccess {

    private ReconcileCommandAccess() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return ReconcileCommand.run(args, env, out, err);
    }
}

package arr.indexer.verify;

import java.io.PrintStream;
import java.util.Map;

/** Lets tests in other packages run the command with their own environment and streams. */
public final class VerifyCommandAccess {

    private VerifyCommandAccess() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return VerifyCommand.run(args, env, out, err);
    }
}

package arr.deploy.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: SIGTERM first so servers shut down cleanly, SIGKILL for
 * whatever is still alive after the grace period. Elasticsearch's launcher runs the node as a child, so
 * the children are collected before the parent goes.
 */
public final class ProcessTree {

    private ProcessTree() {
    }

    public static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroy();
        if (!awaitExit(root, grace)) {
            root.destroyForcibly();
            awaitExit(root, Duration.ofSeconds(10));
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
                if (!awaitExit(child, grace)) {
                    child.destroyForcibly();
                    awaitExit(child, Duration.ofSeconds(10));
                }
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}

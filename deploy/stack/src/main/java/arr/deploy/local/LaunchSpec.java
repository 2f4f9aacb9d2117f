package arr.deploy.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one part's process.
 *
 * @param command     the program and its arguments
 * @param environment variables added to the launcher's own environment
 * @param workingDir  the process's working directory
 */
public record LaunchSpec(List<String> command, Map<String, String> environment, Path workingDir) {

    public LaunchSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}

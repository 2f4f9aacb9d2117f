package arr.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pid file of one part: its pid and its start time, so that a pid the kernel recycled for an
 * unrelated process is never taken for ours (and never killed).
 */
public record PidFile(Path path) {

    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(2);

    public void write(ProcessHandle process) {
        String started = process.info().startInstant().map(Instant::toString).orElse("-");
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, process.pid() + "\n" + started + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pid file " + path, e);
        }
    }

    /** The process this file names, if it is still alive and is the one that was started. */
    public Optional<ProcessHandle> liveProcess() {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<Instant> recorded = lines.size() > 1 && !"-".equals(lines.get(1).trim())
                ? Optional.of(Instant.parse(lines.get(1).trim()))
                : Optional.empty();
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> recorded.isEmpty() || sameStart(handle, recorded.get()));
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete pid file " + path, e);
        }
    }

    private static boolean sameStart(ProcessHandle handle, Instant recorded) {
        return handle.info().startInstant()
                .map(actual -> Duration.between(actual, recorded).abs().compareTo(START_TIME_TOLERANCE) <= 0)
                .orElse(true);
    }
}

package arr.deploy.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, for start-up error messages. Reads at most the last 64 KiB. */
public final class LogTail {

    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    public static String lastLines(Path file, int count) {
        if (!Files.isRegularFile(file)) {
            return "(no log file yet)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] buffer = new byte[size];
            raf.seek(length - size);
            raf.readFully(buffer);
            List<String> lines = Arrays.asList(new String(buffer, StandardCharsets.UTF_8).split("\r?\n"));
            List<String> tail = lines.subList(Math.max(0, lines.size() - count), lines.size());
            return tail.isEmpty() ? "(empty log)" : "    " + String.join("\n    ", tail);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}

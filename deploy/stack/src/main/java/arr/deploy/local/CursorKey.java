package arr.deploy.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The query API's cursor-signing key, {@code <state>/keys/cursor.key}: 32 random bytes in base64, mode 0600. Made
 * once, so that cursors stay valid across restarts of the query API.
 */
public record CursorKey(Path dir) {

    public Path file() {
        return dir.resolve("cursor.key");
    }

    /** Makes the key when it is missing; returns whether it did. */
    public boolean ensure() {
        if (Files.isRegularFile(file())) {
            return false;
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PemFiles.write(file(), Base64.getEncoder().encodeToString(key) + "\n", true);
        return true;
    }
}

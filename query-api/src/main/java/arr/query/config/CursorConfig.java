package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Deep paging: cursors are signed with a server key so that a client can neither forge nor alter one.
 *
 * @param keyFile   {@code AUDIT_CURSOR_KEY}: a file holding at least 32 random bytes (base64); no default
 * @param keepAlive how long Elasticsearch keeps a search's point in time open between two pages
 */
@ConfigurationProperties("arr.cursor")
public record CursorConfig(@NotNull Path keyFile, @NotNull Duration keepAlive) {
}

package arr.indexer.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The indexer's configuration ({@code arr.indexer.*} in application.yml; each key movable by the environment
 * variable named there).
 *
 * @param bootstrap          Kafka bootstrap servers
 * @param topic              {@code audit.events}
 * @param groupId            the consumer group
 * @param deadLetterTopic    {@code audit.deadletter}: documents Elasticsearch refuses for good, and undecodable records
 * @param anchorTopic        {@code audit.anchors}: a copy of every signed checkpoint, outside Elasticsearch (compacted)
 * @param elasticsearchUrl   Elasticsearch HTTP endpoint
 * @param bulkMaxDocuments   documents per bulk request
 * @param bulkMaxBytes       bytes per bulk request
 * @param flushInterval      a partly filled bulk request is sent after this long
 * @param maxPendingRecords  records polled and not yet acknowledged by Elasticsearch above which consumption pauses
 * @param checkpointInterval how often the chain heads are checkpointed
 * @param checkpointKey      PEM file of the Ed25519 private key that signs checkpoints (kept outside Elasticsearch)
 * @param checkpointPublicKey PEM file of its public key (what {@code verify} uses)
 */
@ConfigurationProperties("arr.indexer")
public record IndexerConfig(
        @NotBlank String bootstrap,
        @NotBlank String topic,
        @NotBlank String groupId,
        @NotBlank String deadLetterTopic,
        @NotBlank String anchorTopic,
        @NotNull URI elasticsearchUrl,
        @Min(1) int bulkMaxDocuments,
        @Min(1024) long bulkMaxBytes,
        @NotNull Duration flushInterval,
        @Min(1) int maxPendingRecords,
        @NotNull Duration checkpointInterval,
        @Nullable String checkpointKey,
        @Nullable String checkpointPublicKey) {

    /** The checkpoint key files, or a start-up error naming the setting that is missing. */
    public Path requireKey(String value, String setting, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no checkpoint key configured: set " + setting + " (environment variable "
                    + variable + ") to a PEM file; the key signs the chain checkpoints and must live outside Elasticsearch");
        }
        Path path = Path.of(value);
        if (!Files.isReadable(path)) {
            throw new IllegalStateException(setting + " (" + variable + ") names " + path + ", which is not a readable file");
        }
        return path;
    }
}

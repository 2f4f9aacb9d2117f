package arr.indexer.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;

/**
 * The indexer's configuration ({@code arr.indexer.*} in application.yml; each key movable by the environment
 * variable named there).
 *
 * @param bootstrap          Kafka bootstrap servers
 * @param topic              {@code audit.events}
 * @param groupId            the consumer group
 * @param deadLetterTopic    {@code audit.deadletter}: documents Elasticsearch refuses for good, and undecodable records
 * @param elasticsearchUrl   Elasticsearch HTTP endpoint
 * @param bulkMaxDocuments   documents per bulk request
 * @param bulkMaxBytes       bytes per bulk request
 * @param flushInterval      a partly filled bulk request is sent after this long
 * @param maxPendingRecords  records polled and not yet acknowledged by Elasticsearch above which consumption pauses
 */
@ConfigurationProperties("arr.indexer")
public record IndexerConfig(
        @NotBlank String bootstrap,
        @NotBlank String topic,
        @NotBlank String groupId,
        @NotBlank String deadLetterTopic,
        @NotNull URI elasticsearchUrl,
        @Min(1) int bulkMaxDocuments,
        @Min(1024) long bulkMaxBytes,
        @NotNull Duration flushInterval,
        @Min(1) int maxPendingRecords) {
}

package arr.query.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Where the query API records its own audit events (Audit Log Used, failed logins, exports).
 *
 * @param kafkaBootstrap {@code AUDIT_KAFKA_BOOTSTRAP}
 * @param topic          the topic every message goes to, {@code audit.events}
 * @param timeout        how long a read waits for Kafka to acknowledge its audit event before it fails with 503
 * @param auditLogUri    the URI naming the audit log in Audit Log Used events (the participant object's ID)
 */
@ConfigurationProperties("arr.self-audit")
public record SelfAuditConfig(@NotBlank String kafkaBootstrap, @NotBlank String topic, @NotNull Duration timeout,
                              @NotBlank String auditLogUri) {
}

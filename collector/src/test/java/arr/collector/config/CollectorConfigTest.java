package arr.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorConfigTest {

    @Test
    void theDefaultRecordLimitHoldsTheDefaultLongestMessage() {
        assertThat(config(262_144, 1_000_000).kafka().recordSizeLimit().maxBytes()).isEqualTo(1_000_000);
    }

    /** A message whose quarantine form could not fit would be retried for ever: the collector does not start. */
    @Test
    void aRecordLimitTooSmallForTheLongestMessageStopsTheStartNamingBothSettings() {
        assertThatThrownBy(() -> config(1_048_576, 1_000_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AUDIT_MAX_MESSAGE_BYTES")
                .hasMessageContaining("AUDIT_KAFKA_MAX_RECORD_BYTES");
        assertThatThrownBy(() -> config(32_768, 10_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AUDIT_KAFKA_MAX_RECORD_BYTES");
    }

    /** A UDP datagram is read whole, up to 64 KiB, even when the message maximum is lower. */
    @Test
    void theRecordLimitMustHoldTheLargestDatagramWhateverTheMessageMaximum() {
        assertThatThrownBy(() -> config(32_768, 320_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThat(config(32_768, 360_000).maxMessageBytes()).isEqualTo(32_768);
    }

    /** "60" without a unit, or an empty value, binds as no duration: said, naming the variable, not guessed. */
    @Test
    void aRevocationListRefreshThatIsNoDurationStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new CollectorConfig.Tls(Path.of("cert.pem"), Path.of("key.pem"), Path.of("ca.pem"), List.of(),
                "/etc/ca.crl", null, List.of("TLSv1.3"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIT_TLS_CRL_REFRESH");
        assertThat(new CollectorConfig.Tls(Path.of("cert.pem"), Path.of("key.pem"), Path.of("ca.pem"), List.of(), " ",
                Duration.ofSeconds(30), List.of("TLSv1.3"), List.of()).crlFile()).as("blank: no list").isNull();
    }

    private static CollectorConfig config(int maxMessageBytes, int maxRecordBytes) {
        return new CollectorConfig("127.0.0.1", 6514, 8514, 8514, maxMessageBytes,
                new CollectorConfig.Tls(Path.of("cert.pem"), Path.of("key.pem"), Path.of("ca.pem"), List.of(), null, Duration.ofMinutes(1),
                        List.of("TLSv1.3"),
                        List.of()),
                new CollectorConfig.Limits(1000, 50, Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(60)), 4_194_304,
                new CollectorConfig.Kafka("127.0.0.1:9092", "audit.events", 67_108_864, 33_554_432, 5, 262_144, "lz4",
                        maxRecordBytes),
                null);
    }
}

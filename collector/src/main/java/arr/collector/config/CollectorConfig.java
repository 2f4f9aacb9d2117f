package arr.collector.config;

import arr.collector.transport.SyslogServers;
import arr.schemas.envelope.RecordSizeLimit;
import arr.schemas.index.PlacementRules;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The collector's configuration ({@code arr.collector.*} in application.yml, each key movable by the
 * environment variable named there). Validated at start-up: a missing TLS file, a maximum message size
 * below DICOM's 32,768 octets, or a record limit too small for the maximum message's quarantine form stops the
 * collector with the setting's name.
 *
 * @param host                 the address every listener binds (127.0.0.1 locally)
 * @param tlsPort              RFC 5425 syslog over mutual TLS
 * @param tcpPort              RFC 6587 syslog over plain TCP
 * @param udpPort              RFC 5426 syslog over UDP
 * @param maxMessageBytes      longest accepted syslog message; a longer one is recorded as rejected
 * @param tls                  certificate, key, trust and allow-list of the TLS listener
 * @param limits               connection limits and timeouts
 * @param udpReceiveBufferBytes SO_RCVBUF of the UDP socket
 * @param kafka                where envelopes go and how they are sent
 * @param retentionMaxAge      the indexer's retention {@code max-age} (the same {@code AUDIT_RETENTION_MAX_AGE}): an
 *                             event whose month was already past it on receipt is filed by receipt time
 */
@ConfigurationProperties("arr.collector")
public record CollectorConfig(
        @NotBlank String host,
        @Min(1) int tlsPort,
        @Min(1) int tcpPort,
        @Min(1) int udpPort,
        @Min(32_768) int maxMessageBytes,
        @NotNull Tls tls,
        @NotNull Limits limits,
        @Min(65_536) int udpReceiveBufferBytes,
        @NotNull Kafka kafka,
        @Nullable String retentionMaxAge) {

    public CollectorConfig {
        placementRules(retentionMaxAge);
        if (kafka != null) {
            // A UDP datagram is read whole up to its largest size, whatever the message maximum.
            kafka.recordSizeLimit().check(Math.max(maxMessageBytes, SyslogServers.MAX_DATAGRAM_BYTES),
                    "arr.collector.max-message-bytes (AUDIT_MAX_MESSAGE_BYTES) and arr.collector.kafka.max-record-bytes "
                            + "(AUDIT_KAFKA_MAX_RECORD_BYTES)");
        }
    }

    /** How events are filed; a malformed max-age stops the collector at start-up, naming the setting. */
    public PlacementRules placementRules() {
        return placementRules(retentionMaxAge);
    }

    private static PlacementRules placementRules(String maxAge) {
        return PlacementRules.of(maxAge, "arr.collector.retention-max-age (AUDIT_RETENTION_MAX_AGE)");
    }

    /**
     * @param certificate        PEM server certificate chain
     * @param key                PEM PKCS#8 private key
     * @param trust              CA certificates a device certificate must chain to: PEM, or a PKCS#12 trust
     *                           store ({@code .p12}/{@code .pfx}, password from {@code AUDIT_TLS_TRUST_PASSWORD})
     * @param allowedPeers       if not empty, a client certificate's subject DN or one of its SANs must be listed
     * @param crl                if set, a file of certificate revocation lists (PEM or DER) a device's chain is checked
     *                           against; blank: none
     * @param crlRefresh         how often that file is read again (a changed one takes effect, and closes the open
     *                           connections of devices it revokes)
     * @param protocols          TLSv1.3 and TLSv1.2
     * @param ciphers            TLS 1.2 suites: ECDHE with AES-GCM or ChaCha20 only (BCP 195); TLS 1.3 suites
     */
    @ConfigurationProperties("tls")
    public record Tls(@NotNull Path certificate, @NotNull Path key, @NotNull Path trust, @NotNull List<String> allowedPeers,
                      @Nullable String crl, @Nullable Duration crlRefresh, @NotNull List<String> protocols,
                      @NotNull List<String> ciphers) {

        public Tls {
            // An empty environment variable binds as one blank entry: that means "no allow-list".
            allowedPeers = allowedPeers.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            crl = crl == null || crl.isBlank() ? null : crl.trim();
            // Null when the value is no duration Micronaut reads ("60" without a unit, or set but empty).
            if (crlRefresh == null || crlRefresh.isNegative() || crlRefresh.isZero()) {
                throw new IllegalArgumentException("arr.collector.tls.crl-refresh (AUDIT_TLS_CRL_REFRESH) must be a positive "
                        + "duration with its unit, such as 1m or 30s");
            }
        }

        /** The revocation list file, or null when none is configured. */
        public Path crlFile() {
            return crl == null ? null : Path.of(crl);
        }
    }

    /**
     * @param maxConnections        open TCP and TLS connections in total
     * @param maxConnectionsPerPeer open connections from one address
     * @param idleTimeout           a connection that sends nothing for this long is closed
     * @param handshakeTimeout      a TLS handshake must finish within this
     * @param frameTimeout          a message must arrive whole within this of its first byte (time while the collector
     *                              does not read aside)
     */
    @ConfigurationProperties("limits")
    public record Limits(@Min(1) int maxConnections, @Min(1) int maxConnectionsPerPeer, @NotNull Duration idleTimeout,
                         @NotNull Duration handshakeTimeout, @NotNull Duration frameTimeout) {
    }

    /**
     * @param bootstrap          Kafka bootstrap servers
     * @param topic              {@code audit.events}
     * @param highWaterBytes     envelopes in flight (not yet acknowledged by Kafka) above which TCP and TLS reading stops
     * @param lowWaterBytes      ... below which it resumes
     * @param lingerMs           producer batching delay
     * @param batchBytes         producer batch size
     * @param compression        producer compression
     * @param maxRecordBytes     the largest record published as it is (no more than the topic's {@code max.message.bytes}):
     *                           a message whose record would be larger is published in its quarantine form
     *                           ({@link RecordSizeLimit})
     */
    @ConfigurationProperties("kafka")
    public record Kafka(@NotBlank String bootstrap, @NotBlank String topic, @Min(1_048_576) long highWaterBytes,
                        @Min(0) long lowWaterBytes, @Min(0) int lingerMs, @Min(16_384) int batchBytes,
                        @NotBlank String compression, @Min(1) int maxRecordBytes) {

        public RecordSizeLimit recordSizeLimit() {
            try {
                return new RecordSizeLimit(maxRecordBytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("arr.collector.kafka.max-record-bytes (AUDIT_KAFKA_MAX_RECORD_BYTES): "
                        + e.getMessage(), e);
            }
        }
    }
}

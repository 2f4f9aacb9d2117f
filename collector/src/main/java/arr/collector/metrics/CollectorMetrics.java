package arr.collector.metrics;

import arr.schemas.envelope.AuditEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The collector's metrics (Prometheus names in the README), per protocol and per audit source. The
 * source tag is bounded: after {@value #MAX_SOURCES} distinct AuditSourceIDs further ones count as
 * {@code other}, so a sender cannot blow up the metrics by inventing IDs. The per-message counters are looked up
 * once per tag combination and kept: the registry's own lookup (tags sorted, a meter ID built and hashed, three
 * times per message) was ~2% of the collector's CPU samples under load (async-profiler, 2026-11-27).
 */
public final class CollectorMetrics {

    static final int MAX_SOURCES = 500;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Set<String> sources = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ReceivedKey, ReceivedCounters> received = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> published = new ConcurrentHashMap<>();
    // Method references made once: one written at the call would be a new object per message.
    private final Function<ReceivedKey, ReceivedCounters> newReceivedCounters = this::receivedCounters;
    private final Function<String, Counter> newPublishedCounter = this::publishedCounter;

    private record ReceivedKey(String protocol, String source, String status) {
    }

    private record ReceivedCounters(Counter messages, Counter bytes, Counter validation) {
    }

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("arr.collector.udp.kernel.receive.buffer.errors", UdpKernelDrops::receiveBufferErrors)
                .description("UDP datagrams the kernel dropped for a full receive buffer (machine-wide)")
                .register(registry);
    }

    /** Bytes of envelopes handed to Kafka and not yet acknowledged (held strongly: a gauge's state is weak by default). */
    public void registerInFlight(Supplier<Number> inFlightBytes) {
        Gauge.builder("arr.collector.inflight.bytes", inFlightBytes, s -> s.get().doubleValue())
                .strongReference(true).register(registry);
    }

    /** One message received and classified. */
    public void received(AuditEnvelope envelope) {
        ReceivedCounters counters = received.computeIfAbsent(
                new ReceivedKey(envelope.transport().protocol(), source(envelope), envelope.validation().status().wireName()),
                newReceivedCounters);
        counters.messages().increment();
        counters.bytes().increment(envelope.rawSize());
        counters.validation().increment();
    }

    private ReceivedCounters receivedCounters(ReceivedKey key) {
        Tags tags = Tags.of("protocol", key.protocol(), "source", key.source());
        return new ReceivedCounters(registry.counter("arr.collector.received", tags),
                registry.counter("arr.collector.received.bytes", tags),
                registry.counter("arr.collector.validation", tags.and("status", key.status())));
    }

    public void oversize(String protocol) {
        registry.counter("arr.collector.oversize", "protocol", protocol).increment();
    }

    /** A connection closed because its message stayed incomplete past the frame timeout. */
    public void frameTimeout(String protocol) {
        registry.counter("arr.collector.frame.timeouts", "protocol", protocol).increment();
    }

    /** Bytes that were no whole message: a connection that ended inside one, an unreadable octet count. */
    public void unframed(String protocol, arr.schemas.validation.IssueCode code) {
        registry.counter("arr.collector.unframed", "protocol", protocol, "code", code.name()).increment();
    }

    public void published(AuditEnvelope envelope) {
        published.computeIfAbsent(envelope.transport().protocol(), newPublishedCounter).increment();
    }

    private Counter publishedCounter(String protocol) {
        return registry.counter("arr.collector.published", "protocol", protocol);
    }

    /** A message published in its quarantine form because its own record would have been too large for Kafka. */
    public void recordTooLarge(AuditEnvelope envelope) {
        registry.counter("arr.collector.records.too.large", "protocol", envelope.transport().protocol()).increment();
    }

    public void publishError() {
        registry.counter("arr.collector.publish.errors").increment();
    }

    public void connectionOpened(String protocol) {
        connectionGauge(protocol).incrementAndGet();
    }

    public void connectionClosed(String protocol) {
        connectionGauge(protocol).decrementAndGet();
    }

    public void connectionRefused(String protocol, String reason) {
        registry.counter("arr.collector.connections.refused", "protocol", protocol, "reason", reason).increment();
    }

    public void tlsHandshakeFailure(String category) {
        registry.counter("arr.collector.tls.handshake.failures", "category", category).increment();
    }

    /** An open TLS connection closed because new revocation lists revoke its device's certificate. */
    public void tlsRevokedDisconnect() {
        registry.counter("arr.collector.tls.revoked.disconnects").increment();
    }

    /**
     * The revocation lists' state, for alerting: how many certificates they revoke, how many of them are past their next
     * update (the issuing CA has not published in time), and 1 while the file on disk is refused (the lists read
     * before it stay in force).
     */
    public void registerRevocationLists(IntSupplier revoked, IntSupplier stale, IntSupplier fileRefused) {
        Gauge.builder("arr.collector.tls.crl.revoked", revoked, IntSupplier::getAsInt).strongReference(true).register(registry);
        Gauge.builder("arr.collector.tls.crl.stale", stale, IntSupplier::getAsInt).strongReference(true).register(registry);
        Gauge.builder("arr.collector.tls.crl.file.refused", fileRefused, IntSupplier::getAsInt).strongReference(true)
                .register(registry);
    }

    /** The in-flight gate closed: TCP and TLS reading paused until Kafka caught up. */
    public void backpressurePause() {
        registry.counter("arr.collector.backpressure.pauses").increment();
    }

    public void udpDropped(String reason) {
        registry.counter("arr.collector.udp.dropped", "reason", reason).increment();
    }

    private AtomicInteger connectionGauge(String protocol) {
        return connections.computeIfAbsent(protocol,
                p -> registry.gauge("arr.collector.connections.open", Tags.of("protocol", p), new AtomicInteger()));
    }

    private String source(AuditEnvelope envelope) {
        String id = envelope.event() == null ? null : envelope.event().source().map(s -> s.id()).orElse(null);
        if (id == null) {
            return "none";
        }
        if (sources.contains(id)) {
            return id;
        }
        if (sources.size() < MAX_SOURCES) {
            sources.add(id);
            return id;
        }
        return OTHER;
    }
}

package arr.collector.publish;

import arr.collector.metrics.CollectorMetrics;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.RecordSizeLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes envelopes to Kafka from its own thread, so nothing on a Netty event loop ever waits for Kafka
 * (a producer blocks on missing metadata while the broker is down). An envelope counts as in flight from
 * {@link #submit} until Kafka acknowledged it ({@code acks=all}); a failed send is retried with capped
 * backoff, for ever: no envelope is dropped, and the {@link InFlightGate} stops the senders meanwhile.
 */
public final class KafkaEnvelopePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEnvelopePublisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** How often the sender looks for a retry that has come due while no new envelope arrives. */
    private static final long RETRY_CHECK_MS = 50;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final RecordSizeLimit limit;
    private final InFlightGate gate;
    private final CollectorMetrics metrics;
    // New envelopes in a plain queue: a DelayQueue for them cost 2-3% of the collector's CPU (its time
    // arithmetic, the heap's sift and a wake-up of the next waiter per take); only retries wait for a time.
    private final BlockingQueue<Pending> fresh = new LinkedBlockingQueue<>();
    private final BlockingQueue<Pending> retries = new DelayQueue<>();
    private final Thread sender;
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean accepting = true;
    /** When Kafka last acknowledged something, or something started waiting after a quiet spell (System.nanoTime). */
    private volatile long lastProgressNanos = System.nanoTime();

    public KafkaEnvelopePublisher(Producer<String, byte[]> producer, String topic, RecordSizeLimit limit, InFlightGate gate,
                                  CollectorMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.limit = limit;
        this.gate = gate;
        this.metrics = metrics;
        this.sender = new Thread(this::run, "kafka-envelope-publisher");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Hands an envelope over; returns at once. Refused (false) only once closing has begun. */
    public boolean submit(AuditEnvelope envelope) {
        if (!accepting) {
            return false;
        }
        long size = weight(envelope);
        if (gate.bytes() == 0) {
            lastProgressNanos = System.nanoTime();
        }
        gate.acquire(size);
        fresh.add(new Pending(envelope, size, 0, Instant.EPOCH, sequence.incrementAndGet()));
        return true;
    }

    /**
     * How long envelopes have waited without Kafka acknowledging any of them (zero when nothing waits): what the
     * health check reads, so a collector that accepts connections but cannot deliver is not reported healthy.
     */
    public Duration stalledFor() {
        return gate.bytes() == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - lastProgressNanos);
    }

    /** Stops accepting, waits up to {@code drain} for everything in flight to be acknowledged, then closes the producer. */
    @Override
    public void close() {
        close(Duration.ofSeconds(20));
    }

    public void close(Duration drain) {
        accepting = false;
        Instant deadline = Instant.now().plus(drain);
        while (gate.bytes() > 0 && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(50));
        }
        if (gate.bytes() > 0) {
            LOG.error("closing with {} bytes of envelopes not acknowledged by Kafka after {} s; they were received but are "
                    + "not in Kafka (raise the drain time or check the broker)", gate.bytes(), drain.toSeconds());
        }
        sender.interrupt();
        producer.close(Duration.ofSeconds(5));
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Pending pending = retries.poll();
            if (pending == null) {
                try {
                    pending = fresh.poll(RETRY_CHECK_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (pending != null) {
                send(pending);
            }
        }
    }

    private void send(Pending submitted) {
        Pending pending = submitted;
        try {
            // The value is the envelope's Elasticsearch document, made here once (the indexer only chains and forwards it).
            RecordSizeLimit.Bounded bounded = limit.record(topic, pending.envelope());
            if (bounded.bytes() > pending.size()) {
                // The weight at submission is an estimate made before the record existed; count what it really is.
                gate.acquire(bounded.bytes() - pending.size());
                pending = pending.weighing(bounded.bytes());
            }
            if (bounded.tooLarge() && pending.attempts() == 0) {
                LOG.warn("envelope {} from {}: its record would be {} bytes, more than arr.collector.kafka.max-record-bytes ({}); "
                        + "published as invalid (RECORD_TOO_LARGE), the message kept whole", pending.envelope().id(),
                        pending.envelope().transport().peer(), bounded.firstBytes(), limit.maxBytes());
                if (!limit.fits(bounded.bytes())) {
                    // RecordSizeLimit.requiredBytes says this cannot happen; should it, say so rather than only retry.
                    LOG.error("envelope {}: even its quarantine form is {} bytes, more than {}; Kafka may refuse it",
                            pending.envelope().id(), bounded.bytes(), limit.maxBytes());
                }
            }
            Pending sent = pending;
            producer.send(bounded.record(), (metadata, error) -> {
                if (error == null) {
                    lastProgressNanos = System.nanoTime();
                    gate.release(sent.size());
                    metrics.published(bounded.envelope());
                    if (bounded.tooLarge()) {
                        metrics.recordTooLarge(bounded.envelope());
                    }
                } else {
                    retryLater(sent, error);
                }
            });
        } catch (RuntimeException e) {
            retryLater(pending, e);
        }
    }

    private void retryLater(Pending pending, Throwable error) {
        metrics.publishError();
        Duration backoff = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(pending.attempts(), 7)));
        if (error instanceof RecordTooLargeException) {
            // Kafka will refuse it at every attempt: only a change of configuration lets it through, so say which.
            LOG.error("Kafka refused envelope {} as too large for topic {} (attempt {}): the topic's max.message.bytes (or the "
                    + "broker's message.max.bytes) is below arr.collector.kafka.max-record-bytes ({}); raise the topic's limit "
                    + "or lower the setting. Retrying in {} ms", pending.envelope().id(), topic, pending.attempts() + 1,
                    limit.maxBytes(), backoff.toMillis());
        } else {
            LOG.warn("publishing envelope {} to topic {} failed (attempt {}: {}); retrying in {} ms",
                    pending.envelope().id(), topic, pending.attempts() + 1, error.getClass().getSimpleName(), backoff.toMillis());
        }
        retries.add(new Pending(pending.envelope(), pending.size(), pending.attempts() + 1, Instant.now().plus(backoff), pending.sequence()));
    }

    /**
     * What an envelope weighs against the in-flight bound when it is handed over, before its record exists: its raw
     * bytes as the record holds them (base64, or text at most three times as long: {@code AuditDocuments.asText}), plus
     * the event. A record found larger when it is made weighs its size from then on ({@link #send}).
     */
    static long weight(AuditEnvelope envelope) {
        return envelope.raw().length * 3L + 1024;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code sequence} keeps submission order among retries that are due at the same time. */
    private record Pending(AuditEnvelope envelope, long size, int attempts, Instant notBefore, long sequence) implements Delayed {

        Pending weighing(long bytes) {
            return new Pending(envelope, bytes, attempts, notBefore, sequence);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(Instant.now(), notBefore));
        }

        @Override
        public int compareTo(Delayed other) {
            Pending that = (Pending) other;
            int byTime = notBefore.compareTo(that.notBefore);
            return byTime != 0 ? byTime : Long.compare(sequence, that.sequence);
        }
    }
}

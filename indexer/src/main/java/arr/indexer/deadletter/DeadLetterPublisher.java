package arr.indexer.deadletter;

import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.index.ChainLink;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Writes what the indexer cannot index to {@code audit.deadletter}, with the stage, the cause and the
 * original record, and returns only once Kafka has it: a dead letter is acknowledged before its source
 * offset may be committed, so nothing is silently dropped.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    static final ObjectMapper JSON = EnvelopeCodec.mapper();

    private final Producer<String, byte[]> producer;
    private final String topic;

    private final DeadLetterLedger ledger;

    public DeadLetterPublisher(Producer<String, byte[]> producer, String topic, DeadLetterLedger ledger) {
        this.producer = producer;
        this.topic = topic;
        this.ledger = ledger;
    }

    /**
     * @param stage      {@code decode} (not an envelope this indexer reads) or {@code index} (Elasticsearch refused it)
     * @param cause      the error type
     * @param reason     what it said
     * @param index      the index it was meant for (null for {@code decode})
     * @param chain      its link in that index's chain, which the next document links to (null for {@code decode})
     * @param sourceKey  the record key (AuditSourceID or {@code peer:<address>})
     * @param receivedAt when the collector received it (the record timestamp for {@code decode})
     * @param value      the document that was refused, or the undecodable record value
     */
    public record FailureRecord(String stage, String cause, String reason, String envelopeId, String sourceTopic,
                                int sourcePartition, long sourceOffset, Instant at, String index, ChainLink chain,
                                String sourceKey, Instant receivedAt, byte[] value) {

        /** This failure without the refused document, which only the topic keeps. */
        public FailureRecord withoutValue() {
            return value == null ? this : new FailureRecord(stage, cause, reason, envelopeId, sourceTopic, sourcePartition,
                    sourceOffset, at, index, chain, sourceKey, receivedAt, null);
        }
    }

    public void publish(FailureRecord failure) {
        try {
            producer.send(new ProducerRecord<>(topic, failure.envelopeId(), JSON.writeValueAsBytes(failure)))
                    .get(60, TimeUnit.SECONDS);
            // Only once Kafka has it: a dead letter the ledger knew before would be counted (reconciliation) and
            // explain a gap while it might never reach the topic (the send retried, or the indexer stopped).
            if (ledger != null) {
                ledger.add(failure);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new IllegalStateException("cannot write to " + topic + ": " + e.getCause().getMessage() + " The dead letter is "
                        + "larger than the topic's max.message.bytes or the producer's max.request.size: the indexer sets both to "
                        + DeadLetterTopic.MAX_MESSAGE_BYTES + " where it may (see its start-up log), which holds the dead letter "
                        + "of any record a collector publishes (at most 6 MiB less 64 KiB)", e);
            }
            throw new IllegalStateException("cannot write to " + topic + ": " + e, e);
        } catch (TimeoutException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

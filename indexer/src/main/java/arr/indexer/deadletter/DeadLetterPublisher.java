package arr.indexer.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes what the indexer cannot index to {@code audit.deadletter}, with the stage, the cause and the
 * original record, and returns only once Kafka has it: a dead letter is acknowledged before its source
 * offset may be committed, so nothing is silently dropped.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Producer<String, byte[]> producer;
    private final String topic;

    public DeadLetterPublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * @param stage  {@code decode} (not an envelope this indexer reads) or {@code index} (Elasticsearch refused it)
     * @param cause  the error type
     * @param reason what it said
     */
    public record FailureRecord(String stage, String cause, String reason, String envelopeId, String sourceTopic,
                                int sourcePartition, long sourceOffset, Instant at, byte[] value) {
    }

    public void publish(FailureRecord failure) {
        try {
            producer.send(new ProducerRecord<>(topic, failure.envelopeId(), JSON.writeValueAsBytes(failure)))
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | com.fasterxml.jackson.core.JsonProcessingException e) {
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

package arr.indexer.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.indexer.ElasticsearchClients;
import arr.schemas.index.ChainLink;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AuditBulkWriterTest {

    @Test
    void aRefusedDocumentWhoseDeadLetterCannotBeWrittenIsTriedAgainUntilItIs() {
        AtomicInteger attempts = new AtomicInteger();
        List<String> deadLettered = new CopyOnWriteArrayList<>();
        List<RecordRef> retried = new CopyOnWriteArrayList<>();
        AuditBulkWriter.Outcomes outcomes = new AuditBulkWriter.Outcomes() {
            @Override
            public void done(PreparedDocument document, ItemOutcome outcome) {
            }

            @Override
            public void permanent(PreparedDocument document, String errorType, String reason) {
                if (attempts.incrementAndGet() <= 2) {
                    throw new IllegalStateException("cannot write to audit.deadletter: timed out");
                }
                deadLettered.add(document.ref().id() + " " + errorType + " " + reason);
            }

            @Override
            public void retried(RecordRef ref, int status) {
            }

            @Override
            public void deadLetterRetried(RecordRef ref) {
                retried.add(ref);
            }
        };
        // Never flushed: the client is not contacted.
        try (AuditBulkWriter writer = new AuditBulkWriter(ElasticsearchClients.connect(URI.create("http://127.0.0.1:9")), 10, 1 << 20,
                Duration.ofMinutes(1), outcomes)) {
            RecordRef ref = new RecordRef(new TopicPartition("audit.events", 3), 41, "e-1", 0);
            PreparedDocument document = new PreparedDocument(ref, "audit-events-2019.01", "{}".getBytes(),
                    new ChainLink(3, 41, 7, "h", "p"), "src", Instant.now(), false);

            writer.deadLetter(document, "document_parsing_exception", "failed to parse", 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> !deadLettered.isEmpty());
            assertThat(deadLettered).containsExactly("e-1 document_parsing_exception failed to parse");
            assertThat(attempts).hasValue(3);
            assertThat(retried).containsExactly(ref, ref);
        }
    }

    /**
     * A document Elasticsearch keeps refusing is retried while its partition is owned; once the partition is revoked
     * (its next owner redoes the record), the retry scheduled for it is dropped instead of piling up with each rebalance.
     */
    @Test
    void retriesOfARevokedPartitionAreDropped() {
        List<RecordRef> retried = new CopyOnWriteArrayList<>();
        List<RecordRef> dropped = new CopyOnWriteArrayList<>();
        AuditBulkWriter.Outcomes outcomes = new AuditBulkWriter.Outcomes() {
            @Override
            public void done(PreparedDocument document, ItemOutcome outcome) {
            }

            @Override
            public void permanent(PreparedDocument document, String errorType, String reason) {
                throw new IllegalStateException("cannot write to audit.deadletter: timed out");
            }

            @Override
            public void retried(RecordRef ref, int status) {
                retried.add(ref);
            }

            @Override
            public void deadLetterRetried(RecordRef ref) {
                retried.add(ref);
            }

            @Override
            public void retryDropped(RecordRef ref) {
                dropped.add(ref);
            }
        };
        TopicPartition partition = new TopicPartition("audit.events", 3);
        try (AuditBulkWriter writer = new AuditBulkWriter(ElasticsearchClients.connect(URI.create("http://127.0.0.1:9")), 10, 1 << 20,
                Duration.ofMinutes(1), outcomes)) {
            PreparedDocument document = new PreparedDocument(new RecordRef(partition, 41, "e-1", 0), "audit-events-2019.01",
                    "{}".getBytes(), new ChainLink(3, 41, 7, "h", "p"), "src", Instant.now(), false);
            writer.deadLetter(document, "document_parsing_exception", "failed to parse", 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> !retried.isEmpty());
            writer.forget(List.of(partition));
            await().atMost(Duration.ofSeconds(10)).until(() -> !dropped.isEmpty());
            int triedBeforeDrop = retried.size();
            assertThat(dropped).singleElement().extracting(RecordRef::id).isEqualTo("e-1");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> retried.size() == triedBeforeDrop);
            // The answer of a request sent before the revocation is dropped too: the next owner dead-letters the record.
            writer.deadLetter(document, "document_parsing_exception", "failed to parse", 0);
            assertThat(dropped).hasSize(2);
            assertThat(retried).hasSize(triedBeforeDrop);
        }
    }
}

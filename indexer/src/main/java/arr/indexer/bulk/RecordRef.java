package arr.indexer.bulk;

import org.apache.kafka.common.TopicPartition;

/**
 * Where a bulk item came from, so its result maps back to its Kafka offset.
 *
 * @param partition the topic partition
 * @param offset    the record's offset
 * @param id        the envelope ID (the document {@code _id})
 * @param attempt   how often it has been sent already
 * @param epoch     which ownership of its partition it was fetched in (see {@link AuditBulkWriter#forget})
 */
public record RecordRef(TopicPartition partition, long offset, String id, int attempt, int epoch) {

    public RecordRef(TopicPartition partition, long offset, String id, int attempt) {
        this(partition, offset, id, attempt, 0);
    }

    public RecordRef retry() {
        return new RecordRef(partition, offset, id, attempt + 1, epoch);
    }

    RecordRef inEpoch(int ownership) {
        return new RecordRef(partition, offset, id, attempt, ownership);
    }
}

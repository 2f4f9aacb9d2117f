package arr.indexer.bulk;

import arr.schemas.index.ChainLink;
import java.time.Instant;

/**
 * One document ready for Elasticsearch: its {@code _source} already serialized (canonical, with its chain link),
 * so it is serialized once, hashed once and sent as is.
 *
 * @param ref        where it came from in Kafka
 * @param index      the monthly index it goes to
 * @param source     the {@code _source} bytes
 * @param link       its chain link
 * @param sourceKey  the record key, for reconciliation
 * @param receivedAt when the collector received it, for reconciliation
 * @param quarantine whether it is an invalid message (quarantine index)
 */
public record PreparedDocument(RecordRef ref, String index, byte[] source, ChainLink link, String sourceKey,
                               Instant receivedAt, boolean quarantine) {

    public PreparedDocument retry() {
        return new PreparedDocument(ref.retry(), index, source, link, sourceKey, receivedAt, quarantine);
    }

    PreparedDocument inEpoch(int ownership) {
        return new PreparedDocument(ref.inEpoch(ownership), index, source, link, sourceKey, receivedAt, quarantine);
    }
}

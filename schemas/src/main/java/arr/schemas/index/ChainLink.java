package arr.schemas.index;

/**
 * A document's place in the tamper-evident chain of its Kafka partition.
 *
 * @param partition    the Kafka partition of {@code audit.events}
 * @param offset       the record's offset
 * @param hash         SHA-256 over the previous hash, the raw bytes and the document digest (hex)
 * @param previousHash the hash of the previous record of the partition (hex)
 */
public record ChainLink(int partition, long offset, String hash, String previousHash) {
}

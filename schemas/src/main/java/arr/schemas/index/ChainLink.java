package arr.schemas.index;

/**
 * A document's place in the tamper-evident chain of its monthly index and Kafka partition.
 * Each monthly index holds one chain per partition of {@code audit.events}, in offset order, so deleting a whole
 * month under the retention policy leaves every other month's chains whole.
 *
 * @param partition    the Kafka partition of {@code audit.events}
 * @param offset       the record's offset
 * @param sequence     the position in the chain of (index, partition), from 1
 * @param hash         SHA-256 over the previous hash, the digest of the raw bytes and the digest of the document (hex)
 * @param previousHash the hash of the previous link of the chain, or the chain's genesis value (hex)
 */
public record ChainLink(int partition, long offset, long sequence, String hash, String previousHash) {
}

package arr.indexer.chain;

/**
 * The last link of a chain: what the next document links to.
 *
 * @param sequence its position (0 for an empty chain)
 * @param offset   its Kafka offset (-1 for an empty chain)
 * @param hash     its hash (the genesis value for an empty chain)
 */
public record ChainHead(long sequence, long offset, String hash) {
}

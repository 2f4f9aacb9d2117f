package arr.indexer.chain;

/** One chain: the documents of one monthly index that came from one partition of {@code audit.events}. */
public record ChainKey(String index, int partition) {
}

package arr.indexer.bulk;

/** What one bulk item result means, from its HTTP status and error type (never from message text). */
public enum ItemOutcome {
    /** Created. */
    INDEXED,
    /** 409 on create: the document is already there (a replay); counts as done. */
    DUPLICATE,
    /** 429 or 5xx: try again later. */
    RETRYABLE,
    /** Anything else (a mapping error, say): Elasticsearch will never take it; dead letter. */
    PERMANENT;

    public static ItemOutcome of(int status) {
        if (status >= 200 && status < 300) {
            return INDEXED;
        }
        if (status == 409) {
            return DUPLICATE;
        }
        if (status == 429 || status >= 500) {
            return RETRYABLE;
        }
        return PERMANENT;
    }
}

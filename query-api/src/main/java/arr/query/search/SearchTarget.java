package arr.query.search;

import java.util.List;

/**
 * What a paged search reads: the index or alias, the time field it sorts on (newest first), and which stored
 * fields it leaves out of the answer.
 *
 * @param scope     the name bound into cursors ({@code events}, {@code quarantine})
 * @param index     the alias searched
 * @param sortField the date field, sorted descending
 * @param excludes  {@code _source} fields not fetched
 */
public record SearchTarget(String scope, String index, String sortField, List<String> excludes) {

    /**
     * An event's raw message ({@code rawText} or {@code raw}), from which the rest of the event is read again
     * ({@code EventView}), is fetched apart, a hundred at a time ({@link StoredRawMessages}): a page of 1,000 messages of
     * up to 256 KiB each would otherwise be held whole.
     */
    public static final SearchTarget EVENTS = new SearchTarget("events", "audit-events", "eventTime.value",
            List.of("raw", "rawText", "freeText", "chain", "sourceKey"));
    public static final SearchTarget QUARANTINE = new SearchTarget("quarantine", "audit-quarantine", "receivedAt",
            List.of("freeText", "chain"));
}

package arr.query.search;

import java.util.List;

/**
 * Where the next page of a search starts: the point in time the search runs on, the sort values of the last hit
 * returned, and what the cursor is bound to (the user it was issued to, the endpoint and the canonical filters), so
 * that it cannot be replayed by someone else or for another query.
 *
 * @param user  the user the cursor was issued to
 * @param scope the endpoint, {@code events}, {@code quarantine} ...
 * @param query the canonical filters of the search
 * @param pit   the Elasticsearch point-in-time ID
 * @param after the last hit's sort values (all whole numbers: times in milliseconds and the shard-doc tiebreaker)
 * @param seen  how many hits the pages so far returned
 */
public record PageCursor(String user, String scope, String query, String pit, List<Long> after, long seen) {
}

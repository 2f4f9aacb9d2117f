package arr.query.search;

import java.util.List;

/**
 * One page of results (CONTRACT.md §4).
 *
 * @param total the exact number of matches
 * @param items this page, newest first
 * @param next  the cursor of the next page, or null on the last one
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
public record Page<T>(long total, List<T> items, String next) {
}

package arr.query.search;

import arr.query.api.BadRequestException;
import arr.query.api.GoneException;
import arr.schemas.index.AuditDocument;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.SourceFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Newest-first paging over any number of results with {@code search_after} on a point in time, so that every page
 * comes from the same snapshot: each match is returned exactly once and {@code total} stays exact and constant.
 * The point in time is opened on the first page and closed when the last page has been served.
 */
public final class PagedSearch {

    private final ElasticsearchClient client;
    private final CursorCodec cursors;
    private final Time keepAlive;
    private final OpenPits pits = new OpenPits();

    public PagedSearch(ElasticsearchClient client, CursorCodec cursors, Duration keepAlive) {
        this.client = client;
        this.cursors = cursors;
        this.keepAlive = Time.of(t -> t.time(keepAlive.toSeconds() + "s"));
    }

    /** A page as documents, for whoever turns them into views. */
    public record Result(long total, List<AuditDocument> documents, String next) {
    }

    /**
     * One batch of hits on a point in time, each hit's time in milliseconds ({@code keys}, for merging slices), and where
     * the next batch starts (null after the last one).
     */
    public record Batch<T>(String pit, long total, List<T> documents, List<Long> keys, List<Long> after) {
    }

    /** One of {@code max} disjoint slices of a point in time, searched in parallel by an export. */
    public record Slice(int id, int max) {
    }

    /**
     * @param cursor the previous page's {@code next}, or null for the first page; when given, it must have been issued
     *               to {@code user} for the same target and {@code canonicalQuery}
     */
    public Result page(SearchTarget target, Query query, String canonicalQuery, int size, String cursor, String user) {
        PageCursor from = cursor == null ? null : cursors.decode(cursor);
        if (from != null && !(from.user().equals(user) && from.scope().equals(target.scope())
                && from.query().equals(canonicalQuery))) {
            throw new BadRequestException("the cursor belongs to another query: repeat the same filters with it, or start without it");
        }
        String pit = from != null ? from.pit() : open(target);
        if (pit == null) {
            return new Result(0, List.of(), null);
        }
        SourceFilter source = SourceFilter.of(f -> f.excludes(target.excludes()));
        Batch<AuditDocument> batch;
        try {
            batch = fetch(pit, target, query, size, from == null ? null : from.after(), source, AuditDocument.class);
        } catch (ElasticsearchException e) {
            if (from != null && e.status() == 404) {
                pits.closed(user, pit);
                throw new GoneException("the search behind this cursor has expired; start the search again");
            }
            close(pit);
            throw e;
        } catch (RuntimeException e) {
            close(pit);
            throw e;
        }
        long seen = (from == null ? 0 : from.seen()) + batch.documents().size();
        String next = null;
        if (batch.after() != null && seen < batch.total()) {
            next = cursors.encode(new PageCursor(user, target.scope(), canonicalQuery, batch.pit(), batch.after(), seen));
            pits.used(user, pit, batch.pit()).forEach(this::close);
        } else {
            if (batch.after() != null) {
                close(batch.pit());
            }
            pits.closed(user, pit);
        }
        return new Result(batch.total(), batch.documents(), next);
    }

    /**
     * Gives up a page's point in time (its read could not be recorded, so the page is not served): closes it unless a
     * cursor issued earlier still uses it.
     */
    public void abandon(String user, String cursor, String next) {
        if (cursor == null && next != null) {
            String pit = cursors.decode(next).pit();
            pits.closed(user, pit);
            close(pit);
        }
    }

    /** Opens a point in time on the target; null when its index does not exist yet (nothing indexed, nothing matches). */
    public String open(SearchTarget target) {
        try {
            return client.openPointInTime(r -> r.index(target.index()).keepAlive(keepAlive)).id();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fetches the batch after {@code after} (null: the first), newest first. When the batch is not full, it is the last,
     * and the point in time is closed (unless it is shared by slices). Without a point in time ({@code pit} null) it
     * searches the target's alias directly: fine for a first batch that may well be the only one.
     */
    public <T> Batch<T> fetch(String pit, SearchTarget target, Query query, int size, List<Long> after, SourceFilter source,
                              Class<T> type) {
        return fetch(pit, target, query, size, after, source, type, null);
    }

    /** As {@link #fetch(String, SearchTarget, Query, int, List, SourceFilter, Class)}, within one slice (or all, when null). */
    public <T> Batch<T> fetch(String pit, SearchTarget target, Query query, int size, List<Long> after, SourceFilter source,
                              Class<T> type, Slice slice) {
        try {
            SearchResponse<T> response = client.search(s -> {
                if (pit == null) {
                    // Strict about unavailable indices, as a point in time is: a closed month fails the read instead of
                    // being left out of an investigation's counts without a word.
                    s.index(target.index()).allowNoIndices(true);
                } else {
                    s.pit(p -> p.id(pit).keepAlive(keepAlive));
                }
                s.query(query)
                        .allowPartialSearchResults(false)
                        .sort(o -> o.field(f -> f.field(target.sortField()).order(SortOrder.Desc)))
                        .size(size)
                        .trackTotalHits(t -> t.enabled(true))
                        .source(src -> src.filter(source));
                if (after != null) {
                    s.searchAfter(after.stream().map(FieldValue::of).toList());
                }
                if (slice != null) {
                    s.slice(sl -> sl.id(Integer.toString(slice.id())).max(slice.max()));
                }
                return s;
            }, type);
            List<Hit<T>> hits = response.hits().hits();
            long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
            String nextPit = response.pitId() != null ? response.pitId() : pit;
            List<Long> next = null;
            if (!hits.isEmpty() && hits.size() == size) {
                next = hits.get(hits.size() - 1).sort().stream().map(PagedSearch::whole).toList();
            } else if (slice == null && nextPit != null) {
                close(nextPit); // a sliced reader's point in time is shared: its owner closes it
            }
            return new Batch<>(nextPit, total, hits.stream().map(Hit::source).toList(),
                    hits.stream().map(h -> whole(h.sort().get(0))).toList(), next);
        } catch (ElasticsearchException e) {
            if (pit == null && e.status() == 404) {
                return new Batch<>(null, 0, List.of(), List.of(), null); // nothing indexed yet
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void close(String pit) {
        try {
            client.closePointInTime(r -> r.id(pit));
        } catch (IOException | RuntimeException e) {
            // It expires by itself after the keep-alive; nothing a caller could do about it.
        }
    }

    private static long whole(FieldValue value) {
        if (value.isLong()) {
            return value.longValue();
        }
        if (value.isDouble()) {
            return (long) value.doubleValue();
        }
        throw new IllegalStateException("unexpected sort value kind " + value._kind());
    }
}

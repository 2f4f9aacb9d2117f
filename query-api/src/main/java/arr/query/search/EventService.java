package arr.query.search;

import arr.query.api.NotFoundException;
import arr.query.export.CsvExport;
import arr.query.selfaudit.ReadRecord;
import arr.query.selfaudit.Reader;
import arr.query.selfaudit.SelfAuditor;
import arr.schemas.index.AuditDocument;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.util.NamedValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The reads of audit data behind the search, detail, export and quarantine endpoints. Each read is recorded as
 * exactly one Audit Log Used event, after the data was found and before it is returned; when that recording fails,
 * the read fails.
 */
public final class EventService {

    private final ElasticsearchClient client;
    private final PagedSearch paging;
    private final SelfAuditor audit;
    private final int exportBatchSize;
    private final Executor exportExecutor;
    private final StoredRawMessages rawMessages;

    /** @param exportExecutor fetches an export's next batch while the client reads the current one */
    public EventService(ElasticsearchClient client, PagedSearch paging, SelfAuditor audit, int exportBatchSize,
                        Executor exportExecutor) {
        this.client = client;
        this.paging = paging;
        this.audit = audit;
        this.exportBatchSize = exportBatchSize;
        this.exportExecutor = exportExecutor;
        this.rawMessages = new StoredRawMessages(client);
    }

    public Page<EventView> search(Reader reader, EventFilters filters, int size, String cursor) {
        return search(reader, filters, size, cursor, "GET /api/v1/events", "GET /api/v1/events",
                withPaging(filters.canonical(), size, cursor));
    }

    /**
     * A page of events, recorded as a read of {@code endpoint} with {@code recordedQuery} (the parameters as that
     * endpoint took them): ITI-81 searches the same way as the JSON API.
     *
     * @param cursorScope what the page's cursor is bound to besides the filters and the user: the endpoint whose next
     *                    links take it (ITI-81's POST search answers with links to its GET search)
     */
    public Page<EventView> search(Reader reader, EventFilters filters, int size, String cursor, String endpoint,
                                  String cursorScope, String recordedQuery) {
        // A cursor is bound to its endpoint too: one issued by the JSON search is not taken by ITI-81, nor the reverse.
        String canonical = cursorScope + "?" + filters.canonical();
        PagedSearch.Result result = paging.page(SearchTarget.EVENTS, EventQueries.of(filters), canonical, size, cursor,
                reader.user());
        List<EventView> views;
        try {
            views = rawMessages.views(result.documents());
        } catch (RuntimeException e) {
            paging.abandon(reader.user(), cursor, result.next());
            throw e;
        }
        record(reader, new ReadRecord(endpoint, recordedQuery, result.total()).about(filters.patientsNamed()), cursor, result);
        return new Page<>(result.total(), views, result.next());
    }

    /** How many events match, recorded as a read of {@code endpoint} (FHIR's {@code _count=0}: the total alone). */
    public long count(Reader reader, EventFilters filters, String endpoint, String recordedQuery) {
        long total;
        try {
            // Elasticsearch's strict defaults, as a search's point in time has them: a closed month fails the count
            // instead of leaving its events out of the total.
            total = client.count(c -> c.index(SearchTarget.EVENTS.index()).query(EventQueries.of(filters))).count();
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (e.status() != 404) {
                throw e;
            }
            total = 0; // nothing indexed yet
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        audit.read(reader, new ReadRecord(endpoint, recordedQuery, total).about(filters.patientsNamed()));
        return total;
    }

    public EventView detail(Reader reader, String id) {
        return detail(reader, id, "GET /api/v1/events/{id}");
    }

    /** One event or quarantined message by its ID, recorded as a read of {@code endpoint}. */
    public EventView detail(Reader reader, String id, String endpoint) {
        SearchResponse<AuditDocument> response;
        try {
            response = client.search(s -> s.index(SearchTarget.EVENTS.index(), SearchTarget.QUARANTINE.index())
                    .ignoreUnavailable(true).allowNoIndices(true)
                    .query(q -> q.ids(i -> i.values(id))).size(1), AuditDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long found = response.hits().hits().size();
        // The patients of an event; a quarantined message's "patients" are only identifiers scanned from its text for
        // legal holds (anything a broken message named), which the API does not show and the read does not name.
        var hit = found == 0 ? null : response.hits().hits().get(0);
        List<String> patients = hit == null || !hit.index().startsWith("audit-events-") || hit.source().patients() == null
                ? List.of() : hit.source().patients().stream().map(p -> p.cx() != null ? p.cx() : p.id()).toList();
        audit.read(reader, new ReadRecord(endpoint, "id=" + id, found).about(patients));
        if (found == 0) {
            throw new NotFoundException("no event with ID " + id);
        }
        return EventView.of(response.hits().hits().get(0).source(), true);
    }

    public Page<QuarantineView> quarantine(Reader reader, QuarantineFilters filters, int size, String cursor) {
        String canonical = filters.canonical();
        PagedSearch.Result result = paging.page(SearchTarget.QUARANTINE, filters.query(), canonical, size, cursor,
                reader.user());
        record(reader, new ReadRecord("GET /api/v1/quarantine", withPaging(canonical, size, cursor), result.total()), cursor,
                result);
        return new Page<>(result.total(), result.documents().stream().map(QuarantineView::of).toList(), result.next());
    }

    /** Starts an export: its total is known and both its audit events are recorded before the first row is sent. */
    public CsvExport export(Reader reader, EventFilters filters, long maxRows) {
        Query query = EventQueries.of(filters);
        CsvExport export = CsvExport.start(paging, query, exportBatchSize, exportExecutor);
        if (export.total() > maxRows) {
            export.close();
            throw new arr.query.api.BadRequestException("the export would hold more than the " + maxRows
                    + " rows allowed at once: narrow it with from/to or other filters");
        }
        try {
            audit.export(reader, new ReadRecord("GET /api/v1/events.csv", filters.canonical(), export.total())
                    .about(filters.patientsNamed()), patientsIn(query));
        } catch (RuntimeException e) {
            export.close();
            throw e;
        }
        return export;
    }

    /**
     * Every patient (the CX value as sent) of the events a query matches, so that the Export names each one: a
     * privacy officer who later asks about one of them must find that this export held their record's audit trail.
     * Read from the live indices, not the export's point in time, so an event indexed in between can only add a name.
     */
    private List<String> patientsIn(Query query) {
        final int pageSize = 10_000;
        List<String> patients = new java.util.ArrayList<>();
        Map<String, FieldValue> after = null;
        while (true) {
            Map<String, FieldValue> from = after;
            SearchResponse<Void> response;
            try {
                response = client.search(s -> s.index(SearchTarget.EVENTS.index()).allowNoIndices(true)
                        .allowPartialSearchResults(false).size(0).query(query).aggregations("patients", a -> a.composite(c -> {
                            c.size(pageSize).sources(NamedValue.of("cx", CompositeAggregationSource.of(x -> x.terms(t -> t
                                    .field("patients.cx")))));
                            return from == null ? c : c.after(from);
                        })), Void.class);
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (e.status() == 404) {
                    return patients; // nothing indexed
                }
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var page = response.aggregations().get("patients").composite();
            page.buckets().array().forEach(bucket -> patients.add(bucket.key().get("cx").stringValue()));
            if (page.buckets().array().size() < pageSize || page.afterKey() == null || page.afterKey().isEmpty()) {
                return patients;
            }
            after = page.afterKey();
        }
    }

    /** Records a page read; when that fails, the page is not served and a point in time opened for it is closed. */
    private void record(Reader reader, ReadRecord read, String cursor, PagedSearch.Result result) {
        try {
            audit.read(reader, read);
        } catch (RuntimeException e) {
            paging.abandon(reader.user(), cursor, result.next());
            throw e;
        }
    }

    private static String withPaging(String canonical, int size, String cursor) {
        String paging = "size=" + size + (cursor == null ? "" : "&cursor=page");
        return canonical.isEmpty() ? paging : canonical + "&" + paging;
    }
}

package arr.query.investigation;

import arr.query.api.BadRequestException;
import arr.query.search.EventQueries;
import arr.query.search.PagedSearch;
import arr.query.search.SearchTarget;
import arr.query.selfaudit.ReadRecord;
import arr.query.selfaudit.Reader;
import arr.query.selfaudit.SelfAuditor;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.SourceFilter;
import co.elastic.clients.elasticsearch.core.search.TotalHits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two investigations, each recorded as one Audit Log Used event naming the officer, the parameters and the number
 * of matching events. A user's activity is one aggregation request; a set of patients' accesses is tallied from the
 * matching events themselves.
 */
public final class InvestigationService {

    static final int MAX_VALUES = 100;
    /** The AuditSourceID of the query API's own events: {@code arr-query-api@host}. */
    private static final String OWN_SOURCE_PREFIX = "arr-query-api@";
    static final int MAX_PATIENTS_PER_USER = 10_000;
    /** The most events one patient-accesses investigation reads (they are tallied in memory, a few hundred bytes each). */
    static final long MAX_EVENTS = 500_000;
    private static final int BATCH = 5000;
    private static final SourceFilter ACCESS_FIELDS = SourceFilter.of(f -> f.includes(AccessEvent.FIELDS));

    private final ElasticsearchClient client;
    private final PagedSearch paging;
    private final SelfAuditor audit;

    public InvestigationService(ElasticsearchClient client, PagedSearch paging, SelfAuditor audit) {
        this.client = client;
        this.paging = paging;
        this.audit = audit;
    }

    /**
     * Reads the matching events themselves (a few fields each, in batches on a point in time) and tallies them per
     * requested patient and user here: exact per patient even when one event names several patients, and free of
     * Elasticsearch's bucket limit, which 1,000 patients times their users times their details would exceed.
     */
    public PatientAccesses patientAccesses(Reader reader, List<String> patients, Instant from, Instant to) {
        Query query = within(from, to, EventQueries.anyPatient(patients));
        PatientIndex index = new PatientIndex(patients);
        List<Map<String, UserAccessTally>> tallies = new ArrayList<>();
        long[] eventsPerPatient = new long[patients.size()];
        patients.forEach(p -> tallies.add(new LinkedHashMap<>()));
        // Most investigations match a few hundred events: one plain search answers them; only more take a point in time.
        PagedSearch.Batch<AccessEvent> batch = paging.fetch(null, SearchTarget.EVENTS, query, BATCH, null, ACCESS_FIELDS,
                AccessEvent.class);
        long total = batch.total();
        if (total > MAX_EVENTS) {
            throw new BadRequestException("these patients have more than the " + MAX_EVENTS
                    + " events one investigation reads in the range: narrow it with from/to or fewer patients");
        }
        if (batch.after() != null && total > BATCH) {
            String pit = paging.open(SearchTarget.EVENTS);
            List<Long> after = null;
            do {
                batch = paging.fetch(pit, SearchTarget.EVENTS, query, BATCH, after, ACCESS_FIELDS, AccessEvent.class);
                batch.documents().forEach(event -> tally(event, index, tallies, eventsPerPatient));
                total = batch.total();
                after = batch.after();
                pit = batch.pit();
            } while (after != null);
        } else {
            batch.documents().forEach(event -> tally(event, index, tallies, eventsPerPatient));
        }
        audit.read(reader, new ReadRecord("GET /api/v1/investigations/patient-accesses",
                canonical("patient", patients, from, to), total).about(patients));
        List<PatientAccesses.PatientReport> reports = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            List<PatientAccesses.UserAccess> users = tallies.get(i).values().stream()
                    .sorted(Comparator.comparingLong(UserAccessTally::events).reversed())
                    .map(UserAccessTally::result).toList();
            reports.add(new PatientAccesses.PatientReport(patients.get(i), eventsPerPatient[i], users));
        }
        return new PatientAccesses(from, to, total, reports);
    }

    private static void tally(AccessEvent event, PatientIndex patients, List<Map<String, UserAccessTally>> tallies,
                              long[] eventsPerPatient) {
        Map<String, List<AccessEvent.Participant>> byUser = new LinkedHashMap<>();
        // In this repository's own audit-trail reads and exports (110101, 110106) the one who accessed the patient is the
        // requestor; the other participants are the service that answered and the download's destination, not users of
        // the patient's record. (A device's own Export keeps every participant, as it sent them.)
        boolean requestorOnly = event.eventId() != null && ("110101".equals(event.eventId().code())
                || "110106".equals(event.eventId().code())) && event.sources() != null
                && event.sources().stream().anyMatch(src -> src.id() != null && src.id().startsWith(OWN_SOURCE_PREFIX))
                && event.participants() != null && event.participants().stream().anyMatch(p -> Boolean.TRUE.equals(p.requestor()));
        for (AccessEvent.Participant p : event.participants() == null ? List.<AccessEvent.Participant>of() : event.participants()) {
            if (p.userId() != null && (!requestorOnly || Boolean.TRUE.equals(p.requestor()))) {
                byUser.computeIfAbsent(p.userId(), u -> new ArrayList<>()).add(p);
            }
        }
        for (int i : patients.requestedIn(event)) {
            eventsPerPatient[i]++;
            Map<String, UserAccessTally> users = tallies.get(i);
            byUser.forEach((user, participations) -> users.computeIfAbsent(user, UserAccessTally::new).add(event, participations));
        }
    }

    public UserActivity userActivity(Reader reader, String user, Instant from, Instant to) {
        Query query = within(from, to, EventQueries.user(user));
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("first", Aggregation.of(a -> a.min(m -> m.field("eventTime.value"))));
        aggs.put("last", Aggregation.of(a -> a.max(m -> m.field("eventTime.value"))));
        aggs.put("patients", Buckets.terms("patients.cx", MAX_PATIENTS_PER_USER));
        aggs.put("eventIds", Buckets.terms("eventId.code", MAX_VALUES));
        aggs.put("eventTypes", Buckets.terms("eventTypes.code", MAX_VALUES));
        aggs.put("actions", Buckets.terms("action", 10));
        aggs.put("outcomes", Buckets.terms("outcome", 10));
        aggs.put("sources", Buckets.terms("sources.id", MAX_VALUES));
        aggs.put("failures", Aggregation.of(a -> a.filter(f -> f.bool(b -> b.mustNot(m -> m.term(t -> t.field("outcome").value(0)))))
                .aggregations("eventIds", Buckets.terms("eventId.code", MAX_VALUES))));
        // The user's own addresses, not those of the other participants: "user<US>address" keywords starting with the user.
        aggs.put("addresses", Aggregation.of(a -> a.terms(t -> t.field("userAddresses").size(MAX_VALUES)
                .include(i -> i.regexp(UserAddresses.ofUserPattern(user))))));
        SearchResponse<Void> response = search(query, aggs);
        long total = response == null ? 0 : total(response.hits().total());
        audit.read(reader, new ReadRecord("GET /api/v1/investigations/user-activity",
                canonical("user", List.of(user), from, to), total));
        Map<String, Aggregate> a = response == null ? Map.of() : response.aggregations();
        if (a.isEmpty()) {
            return new UserActivity(user, from, to, 0, null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                    new UserActivity.Failures(0, List.of()), List.of(), List.of(), List.of());
        }
        var failures = a.get("failures").filter();
        return new UserActivity(user, from, to, total, Buckets.time(a, "first"), Buckets.time(a, "last"),
                Buckets.counts(a, "patients"), Buckets.counts(a, "eventIds"), Buckets.counts(a, "eventTypes"),
                Buckets.counts(a, "actions"), Buckets.counts(a, "outcomes"),
                new UserActivity.Failures(failures.docCount(), Buckets.counts(failures.aggregations(), "eventIds")),
                Buckets.counts(a, "sources"), UserAddresses.addresses(Buckets.counts(a, "addresses")), truncated(a, failures));
    }

    private static List<String> truncated(Map<String, Aggregate> a, co.elastic.clients.elasticsearch._types.aggregations.FilterAggregate failures) {
        List<String> cut = new ArrayList<>(Buckets.truncated(a, "patients", "eventIds", "eventTypes", "actions", "outcomes",
                "sources", "addresses"));
        Buckets.truncated(failures.aggregations(), "eventIds").forEach(name -> cut.add("failures." + name));
        return cut;
    }

    /**
     * The aggregations over every month, or null when nothing is indexed yet. Strict: a closed month or a failed shard
     * fails the investigation (503) rather than leaving its events out of the counts.
     */
    private SearchResponse<Void> search(Query query, Map<String, Aggregation> aggregations) {
        try {
            return client.search(s -> s.index(SearchTarget.EVENTS.index()).allowNoIndices(true).allowPartialSearchResults(false)
                    .query(query).size(0).trackTotalHits(t -> t.enabled(true)).aggregations(aggregations), Void.class);
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Query within(Instant from, Instant to, Query query) {
        if (from == null && to == null) {
            return query;
        }
        Query range = EventQueries.timeRange("eventTime.value", from, to);
        return Query.of(q -> q.bool(b -> b.filter(range, query)));
    }

    private static long total(TotalHits total) {
        return total == null ? 0 : total.value();
    }

    private static String canonical(String name, List<String> values, Instant from, Instant to) {
        List<String> parts = new ArrayList<>();
        if (from != null) {
            parts.add("from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
        }
        if (to != null) {
            parts.add("to=" + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8));
        }
        values.forEach(v -> parts.add(name + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", parts);
    }
}

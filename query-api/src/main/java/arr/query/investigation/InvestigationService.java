package arr.query.investigation;

import arr.query.search.EventQueries;
import arr.query.search.SearchTarget;
import arr.query.selfaudit.ReadRecord;
import arr.query.selfaudit.Reader;
import arr.query.selfaudit.SelfAuditor;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.TotalHits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two investigations, each answered by one aggregation request (no scrolling through events), and recorded as
 * one Audit Log Used event naming the officer, the parameters and the number of matching events.
 */
public final class InvestigationService {

    static final int MAX_USERS_PER_PATIENT = 1000;
    static final int MAX_VALUES = 100;
    static final int MAX_PATIENTS_PER_USER = 10_000;

    private final ElasticsearchClient client;
    private final SelfAuditor audit;

    public InvestigationService(ElasticsearchClient client, SelfAuditor audit) {
        this.client = client;
        this.audit = audit;
    }

    public PatientAccesses patientAccesses(Reader reader, List<String> patients, Instant from, Instant to) {
        Map<String, Query> perPatient = new LinkedHashMap<>();
        for (int i = 0; i < patients.size(); i++) {
            perPatient.put(Integer.toString(i), EventQueries.patient(patients.get(i)));
        }
        Query query = within(from, to, Query.of(q -> q.bool(b -> b.should(new ArrayList<>(perPatient.values())).minimumShouldMatch("1"))));
        Aggregation events = Aggregation.of(a -> a.reverseNested(r -> r)
                .aggregations("first", x -> x.min(m -> m.field("eventTime.value")))
                .aggregations("last", x -> x.max(m -> m.field("eventTime.value")))
                .aggregations("eventIds", Buckets.terms("eventId.code", MAX_VALUES))
                .aggregations("eventTypes", Buckets.terms("eventTypes.code", MAX_VALUES))
                .aggregations("actions", Buckets.terms("action", 10))
                .aggregations("outcomes", Buckets.terms("outcome", 10))
                .aggregations("sources", Buckets.terms("sources.id", MAX_VALUES)));
        Aggregation users = Aggregation.of(a -> a.nested(n -> n.path("participants"))
                .aggregations("users", u -> u.terms(t -> t.field("participants.userId").size(MAX_USERS_PER_PATIENT))
                        .aggregations("names", Buckets.terms("participants.userName", 10))
                        .aggregations("requestor", Buckets.terms("participants.requestor", 2))
                        .aggregations("addresses", Buckets.terms("participants.networkAccessPointId", MAX_VALUES))
                        .aggregations("events", events)));
        SearchResponse<Void> response = search(query, Map.of("patients", Aggregation.of(a -> a
                .filters(f -> f.filters(b -> b.keyed(perPatient)))
                .aggregations("participants", users))));
        long total = total(response.hits().total());
        audit.read(reader, new ReadRecord("GET /api/v1/investigations/patient-accesses",
                canonical("patient", patients, from, to), total));
        Map<String, co.elastic.clients.elasticsearch._types.aggregations.FiltersBucket> buckets =
                response.aggregations().isEmpty() ? Map.of() : response.aggregations().get("patients").filters().buckets().keyed();
        List<PatientAccesses.PatientReport> reports = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            var bucket = buckets.get(Integer.toString(i));
            if (bucket == null) {
                reports.add(new PatientAccesses.PatientReport(patients.get(i), 0, List.of()));
                continue;
            }
            List<PatientAccesses.UserAccess> accesses = bucket.aggregations().get("participants").nested().aggregations()
                    .get("users").sterms().buckets().array().stream().map(u -> {
                        Map<String, Aggregate> byUser = u.aggregations();
                        var eventsOfUser = byUser.get("events").reverseNested();
                        Map<String, Aggregate> e = eventsOfUser.aggregations();
                        boolean requestor = Buckets.values(byUser, "requestor").contains("true");
                        return new PatientAccesses.UserAccess(u.key().stringValue(), Buckets.values(byUser, "names"), requestor,
                                eventsOfUser.docCount(), Buckets.time(e, "first"), Buckets.time(e, "last"),
                                Buckets.counts(e, "eventIds"), Buckets.counts(e, "eventTypes"), Buckets.counts(e, "actions"),
                                Buckets.counts(e, "outcomes"), Buckets.counts(e, "sources"), Buckets.values(byUser, "addresses"));
                    }).toList();
            reports.add(new PatientAccesses.PatientReport(patients.get(i), bucket.docCount(), accesses));
        }
        return new PatientAccesses(from, to, total, reports);
    }

    public UserActivity userActivity(Reader reader, String user, Instant from, Instant to) {
        Query ofUser = Query.of(q -> q.bool(b -> b
                .should(EventQueries.term("participants.userId", user))
                .should(EventQueries.term("participants.alternativeUserId", user))
                .minimumShouldMatch("1")));
        Query query = within(from, to, EventQueries.participant(ofUser));
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
        aggs.put("participant", Aggregation.of(a -> a.nested(n -> n.path("participants"))
                .aggregations("self", s -> s.filter(ofUser)
                        .aggregations("addresses", Buckets.terms("participants.networkAccessPointId", MAX_VALUES)))));
        SearchResponse<Void> response = search(query, aggs);
        long total = total(response.hits().total());
        audit.read(reader, new ReadRecord("GET /api/v1/investigations/user-activity",
                canonical("user", List.of(user), from, to), total));
        Map<String, Aggregate> a = response.aggregations();
        if (a.isEmpty()) {
            return new UserActivity(user, from, to, 0, null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                    new UserActivity.Failures(0, List.of()), List.of(), List.of());
        }
        var failures = a.get("failures").filter();
        Map<String, Aggregate> self = a.get("participant").nested().aggregations().get("self").filter().aggregations();
        return new UserActivity(user, from, to, total, Buckets.time(a, "first"), Buckets.time(a, "last"),
                Buckets.counts(a, "patients"), Buckets.counts(a, "eventIds"), Buckets.counts(a, "eventTypes"),
                Buckets.counts(a, "actions"), Buckets.counts(a, "outcomes"),
                new UserActivity.Failures(failures.docCount(), Buckets.counts(failures.aggregations(), "eventIds")),
                Buckets.counts(a, "sources"), Buckets.counts(self, "addresses"));
    }

    private SearchResponse<Void> search(Query query, Map<String, Aggregation> aggregations) {
        try {
            return client.search(s -> s.index(SearchTarget.EVENTS.index()).ignoreUnavailable(true).allowNoIndices(true)
                    .query(query).size(0).trackTotalHits(t -> t.enabled(true)).aggregations(aggregations), Void.class);
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

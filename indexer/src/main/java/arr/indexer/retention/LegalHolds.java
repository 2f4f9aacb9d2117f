package arr.indexer.retention;

import arr.schemas.mapping.CxIdentifier;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The legal holds as the terms an index is searched for. A hold on a patient matches by ID under any authority: a
 * hold written as a whole CX value ({@code ID^^^&OID&ISO}) also matches its bare ID, because devices write the same
 * patient's CX differently (a namespace added, a {@code ^PI} type code appended) and a month kept too long is the
 * safe mistake, a held month deleted is not.
 *
 * @param patientIds the bare IDs to match in {@code patients.id}
 * @param patientCx  the values to match exactly in {@code patients.cx} (every hold as written)
 * @param sources    the AuditSourceIDs to match in {@code sources.id} and the record key {@code sourceKey}
 */
public record LegalHolds(List<String> patientIds, List<String> patientCx, List<String> sources) {

    public static LegalHolds of(RetentionPolicy policy) {
        return of(policy.holdPatients(), policy.holdSources());
    }

    /** The configured holds and the active ones placed through the query API, together. */
    public static LegalHolds of(RetentionPolicy policy, List<arr.schemas.index.LegalHold> placed) {
        List<String> patients = new ArrayList<>(policy.holdPatients());
        List<String> sources = new ArrayList<>(policy.holdSources());
        for (arr.schemas.index.LegalHold hold : placed) {
            if (!hold.active() || hold.value() == null || hold.value().isBlank()) {
                continue;
            }
            (arr.schemas.index.LegalHold.SOURCE.equals(hold.kind()) ? sources : patients).add(hold.value().strip());
        }
        return of(List.copyOf(new LinkedHashSet<>(patients)), List.copyOf(new LinkedHashSet<>(sources)));
    }

    private static LegalHolds of(List<String> patients, List<String> sources) {
        // A hold written as a ParticipantObjectID with repetitions (A~B, pasted from a message) holds each identifier,
        // as the documents name them one by one.
        Set<String> cx = new LinkedHashSet<>();
        patients.forEach(hold -> cx.addAll(CxIdentifier.repetitions(hold)));
        Set<String> ids = new LinkedHashSet<>();
        for (String hold : cx) {
            String id = CxIdentifier.parse(hold).id();
            ids.add(id.isEmpty() ? hold : id);
        }
        return new LegalHolds(List.copyOf(ids), List.copyOf(cx), sources);
    }

    public boolean isEmpty() {
        return patientCx.isEmpty() && sources.isEmpty();
    }

    /** Whether anything with these identifiers is held (the same rule the clauses apply in Elasticsearch). */
    public boolean holdsAny(java.util.Collection<String> ids, java.util.Collection<String> cx, java.util.Collection<String> sourceIds) {
        return ids.stream().anyMatch(patientIds::contains) || cx.stream().anyMatch(patientCx::contains)
                || sourceIds.stream().anyMatch(sources::contains);
    }

    /** One query clause per field; a document matching any of them is held. */
    public List<Query> clauses() {
        List<Query> clauses = new ArrayList<>();
        addTerms(clauses, "patients.id", patientIds);
        addTerms(clauses, "patients.cx", patientCx);
        addTerms(clauses, "sourceKey", sources);
        addTerms(clauses, "sources.id", sources);
        return clauses;
    }

    private static void addTerms(List<Query> clauses, String field, List<String> values) {
        if (!values.isEmpty()) {
            List<FieldValue> terms = values.stream().map(FieldValue::of).toList();
            clauses.add(Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(terms)))));
        }
    }
}

package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.query.search.Condition;
import arr.query.search.EventFilters;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FhirSearchTest {

    @Test
    void everySupportedParameterBecomesTheFilterOfTheEventSearch() {
        FhirSearch search = parse("date", "ge2026-03-01", "date", "lt2026-04-01", "patient.identifier", "urn:oid:1.2.3|P1",
                "agent", "jdoe", "address", "10.0.0.1", "entity.identifier", "1.2.840.1", "source", "pacs",
                "type", "http://dicom.nema.org/resources/ontology/DCM|110110", "subtype", "urn:ihe:event-type-code|ITI-8",
                "action", "R", "outcome", "http://hl7.org/fhir/audit-event-outcome|4");
        EventFilters f = search.filters();
        assertThat(f.from()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(f.to()).isEqualTo(Instant.parse("2026-03-31T23:59:59.999Z"));
        assertThat(f.patient()).isEqualTo("P1");
        assertThat(f.patientOid()).isEqualTo("1.2.3");
        assertThat(f.user()).isEqualTo("jdoe");
        assertThat(f.address()).isNull();
        assertThat(f.conditions()).containsExactly(Condition.startingWith("address", List.of("10.0.0.1")));
        assertThat(f.object()).isEqualTo("1.2.840.1");
        assertThat(f.source()).isEqualTo("pacs");
        assertThat(f.eventId()).isEqualTo("110110");
        assertThat(f.eventType()).isEqualTo("ITI-8");
        assertThat(f.action()).isEqualTo("R");
        assertThat(f.outcome()).isEqualTo(4);
        assertThat(f.q()).isNull();
        assertThat(search.count()).isEqualTo(50);
    }

    @Test
    void aPatientIdWithoutSystemMatchesItUnderAnyAuthority() {
        assertThat(parse("date", "2026", "patient.identifier", "P1").filters().patient()).isEqualTo("P1");
        assertThat(parse("date", "2026", "patient.identifier", "P1").filters().patientOid()).isNull();
        assertThat(parse("date", "2026", "patient.identifier", "|P1").filters().patient()).isEqualTo("P1");
    }

    @Test
    void theDateIsRequiredAsIti81Says() {
        assertThatThrownBy(() -> parse("patient.identifier", "P1")).isInstanceOfSatisfying(FhirBadRequestException.class,
                e -> assertThat(e.issueType()).isEqualTo("required"));
    }

    @Test
    void aParameterThatCannotBeAppliedExactlyIsRefusedNotIgnored() {
        for (String name : List.of("entity-name", "agent-role", "agent-name", "policy", "_include", "patient")) {
            assertThatThrownBy(() -> parse("date", "2026", name, "x")).isInstanceOfSatisfying(FhirBadRequestException.class,
                    e -> {
                        assertThat(e.issueType()).isEqualTo("not-supported");
                        assertThat(e.getMessage()).contains(name);
                    });
        }
        assertThatThrownBy(() -> parse("date", "2026", "type", "http://loinc.org|110110"))
                .isInstanceOf(FhirBadRequestException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> parse("date", "2026", "agent", "urn:oid:1.2|jdoe"))
                .isInstanceOf(FhirBadRequestException.class).hasMessageContaining("system");
        assertThatThrownBy(() -> parse("date", "2026", "patient.identifier", "http://hospital/mrn|P1"))
                .isInstanceOf(FhirBadRequestException.class).hasMessageContaining("urn:oid:");
        assertThatThrownBy(() -> parse("date", "2026", "_sort", "date")).isInstanceOf(FhirBadRequestException.class);
        assertThatThrownBy(() -> parse("date", "2026", "action", "X")).isInstanceOf(FhirBadRequestException.class);
        assertThatThrownBy(() -> parse("date", "2026", "outcome", "4,9")).isInstanceOf(FhirBadRequestException.class)
                .hasMessageContaining("outcome");
        assertThatThrownBy(() -> parse("date", "2026", "address:contains", "10.")).isInstanceOf(FhirBadRequestException.class)
                .hasMessageContaining("address:contains");
    }

    /**
     * ITI-81's token and string parameters take a list (any of its values) and may be repeated (all of them), as
     * IPF's ITI-81 provider declares them; until 2026-11-28 both were refused, the reference's own brute-force query
     * ({@code outcome=4,8,12}) included.
     */
    @Test
    void aListMatchesAnyOfItsValuesAndRepeatedParametersMatchAll() {
        EventFilters failures = parse("date", "2026", "type", "http://dicom.nema.org/resources/ontology/DCM|110114",
                "outcome", "4,8,12").filters();
        assertThat(failures.eventId()).isEqualTo("110114");
        assertThat(failures.outcome()).isNull();
        assertThat(failures.conditions()).containsExactly(Condition.anyOf("outcome", List.of("4", "8", "12")));

        EventFilters both = parse("date", "2026", "agent", "alice", "altid", "bob").filters();
        assertThat(both.user()).isNull();
        assertThat(both.conditions()).containsExactly(Condition.anyOf("user", List.of("alice")), Condition.anyOf("user", List.of("bob")));

        EventFilters subtypes = parse("date", "2026", "subtype", "urn:ihe:event-type-code|ITI-18,ITI-43", "subtype", "ITI-9",
                "entity", "a\\,b,c").filters();
        assertThat(subtypes.conditions()).containsExactly(Condition.anyOf("object", List.of("a,b", "c")),
                Condition.anyOf("eventType", List.of("ITI-18", "ITI-43")), Condition.anyOf("eventType", List.of("ITI-9")));
        assertThat(parse("date", "2026", "outcome", "4,8").canonical()).isEqualTo("_count=50&date=2026&outcome=4%2C8");

        assertThatThrownBy(() -> parse("date", "2026", "type", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21"))
                .isInstanceOf(FhirBadRequestException.class).hasMessageContaining("more than 20");
    }

    /** {@code address} is a FHIR string parameter: a case-insensitive prefix, or with {@code :exact} the whole value. */
    @Test
    void entityTypeAndRoleAreExactConditionsOnTheObjectsCodes() {
        EventFilters queries = parse("date", "2026", "entity-type", "http://terminology.hl7.org/CodeSystem/audit-entity-type|2",
                "entity-role", "24").filters();
        assertThat(queries.conditions()).containsExactly(Condition.anyOf("objectType", List.of("2")),
                Condition.anyOf("objectRole", List.of("24")));
        EventFilters either = parse("date", "2026", "entity-role", "http://terminology.hl7.org/CodeSystem/object-role|3,4",
                "entity-role", "1").filters();
        assertThat(either.conditions()).containsExactly(Condition.anyOf("objectRole", List.of("3", "4")),
                Condition.anyOf("objectRole", List.of("1")));
        assertThat(parse("date", "2026", "entity-type", "1").canonical()).isEqualTo("_count=50&date=2026&entity-type=1");

        assertThatThrownBy(() -> parse("date", "2026", "entity-type", "5")).isInstanceOfSatisfying(FhirBadRequestException.class,
                e -> assertThat(e.issueType()).isEqualTo("invalid"));
        assertThatThrownBy(() -> parse("date", "2026", "entity-role", "3,patient")).isInstanceOfSatisfying(FhirBadRequestException.class,
                e -> assertThat(e.getMessage()).contains("entity-role"));
        assertThatThrownBy(() -> parse("date", "2026", "entity-role", "03")).isInstanceOf(FhirBadRequestException.class);
        assertThatThrownBy(() -> parse("date", "2026", "entity-role", "25")).as("object-role has 1-24")
                .isInstanceOfSatisfying(FhirBadRequestException.class, e -> assertThat(e.getMessage()).contains("[1, 2, 3,")
                        .endsWith("23, 24]"));
        assertThatThrownBy(() -> parse("date", "2026", "entity-type", "http://loinc.org|2"))
                .isInstanceOfSatisfying(FhirBadRequestException.class, e -> assertThat(e.issueType()).isEqualTo("not-supported"));
    }

    @Test
    void aSiteIsATokenMatchedAsSent() {
        assertThat(parse("date", "2026", "site", "Hospital-1,North\\,Wing").filters().conditions())
                .containsExactly(Condition.anyOf("site", List.of("Hospital-1", "North,Wing")));
        assertThatThrownBy(() -> parse("date", "2026", "site", "urn:oid:1.2|North"))
                .isInstanceOfSatisfying(FhirBadRequestException.class, e -> assertThat(e.getMessage()).contains("as sent"));
    }

    @Test
    void anAddressMatchesAsAFhirStringDoes() {
        assertThat(parse("date", "2026", "address", "10.1.2,ws-").filters().conditions())
                .containsExactly(Condition.startingWith("address", List.of("10.1.2", "ws-")));
        assertThat(parse("date", "2026", "address:exact", "10.1.2.33").filters().conditions())
                .containsExactly(Condition.anyOf("address", List.of("10.1.2.33")));
        assertThat(parse("date", "2026", "address:exact", "10.1.2.33").canonical()).isEqualTo("_count=50&address:exact=10.1.2.33&date=2026");
    }

    @Test
    void escapedSeparatorsAreLiteralCharactersOfTheValue() {
        assertThat(parse("date", "2026", "agent", "CN=a\\,O=b").filters().user()).isEqualTo("CN=a,O=b");
        assertThat(parse("date", "2026", "agent", "a\\|b").filters().user()).isEqualTo("a|b");
        assertThat(parse("date", "2026", "address", "a|b").filters().conditions())
                .containsExactly(Condition.startingWith("address", List.of("a|b")));
        // Only FHIR's four escapes are undone: a Windows account keeps its backslash.
        assertThat(parse("date", "2026", "agent", "HOSP\\jdoe").filters().user()).isEqualTo("HOSP\\jdoe");
        assertThat(parse("date", "2026", "agent", "a\\\\b").filters().user()).isEqualTo("a\\b");
    }

    @Test
    void theCountIsCappedAtTheLargestPageAndTheSelfLinkSaysSo() {
        FhirSearch search = parse("date", "2026", "_count", "5000");
        assertThat(search.count()).isEqualTo(1000);
        assertThat(search.canonical()).isEqualTo("_count=1000&date=2026");
        assertThat(parse("date", "2026", "_count", "99999999999").count()).isEqualTo(1000);
        assertThatThrownBy(() -> parse("date", "2026", "_count", "-1")).isInstanceOf(FhirBadRequestException.class);
    }

    @Test
    void aCountOfZeroAsksForTheTotalAloneAndTakesNoCursor() {
        assertThat(parse("date", "2026", "_count", "0").count()).isZero();
        assertThat(parse("date", "2026", "_count", "0").canonical()).isEqualTo("_count=0&date=2026");
        assertThatThrownBy(() -> parse("date", "2026", "_count", "0", "_cursor", "abc"))
                .isInstanceOf(FhirBadRequestException.class).hasMessageContaining("drop _cursor");
    }

    @Test
    void theCanonicalFormDoesNotDependOnTheOrderOfTheParameters() {
        assertThat(parse("outcome", "0", "date", "ge2026-01-01", "date", "le2026-02-01").canonical())
                .isEqualTo(parse("date", "ge2026-01-01", "date", "le2026-02-01", "outcome", "0").canonical())
                .isEqualTo("_count=50&date=ge2026-01-01&date=le2026-02-01&outcome=0");
    }

    private static FhirSearch parse(String... namesAndValues) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return FhirSearch.parse(values, 1000);
    }
}

package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(f.address()).isEqualTo("10.0.0.1");
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
        for (String name : List.of("entity-type", "entity-role", "agent-name", "policy", "_include", "site", "patient")) {
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
        assertThatThrownBy(() -> parse("date", "2026", "type", "110110,110112"))
                .isInstanceOf(FhirBadRequestException.class).hasMessageContaining("one value");
        assertThatThrownBy(() -> parse("date", "2026", "_sort", "date")).isInstanceOf(FhirBadRequestException.class);
        assertThatThrownBy(() -> parse("date", "2026", "action", "X")).isInstanceOf(FhirBadRequestException.class);
        assertThatThrownBy(() -> parse("date", "2026", "agent", "a", "altid", "b")).isInstanceOf(FhirBadRequestException.class);
    }

    @Test
    void escapedSeparatorsAreLiteralCharactersOfTheValue() {
        assertThat(parse("date", "2026", "agent", "CN=a\\,O=b").filters().user()).isEqualTo("CN=a,O=b");
        assertThat(parse("date", "2026", "agent", "a\\|b").filters().user()).isEqualTo("a|b");
        assertThat(parse("date", "2026", "address", "a|b").filters().address()).isEqualTo("a|b");
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

package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FhirFormatTest {

    @Test
    void theAcceptHeaderChoosesTheFormatItNamesFirst() {
        // HAPI's generic client sends this by default: XML named first.
        assertThat(FhirFormat.of(null, "application/fhir+xml;q=1.0, application/fhir+json;q=1.0, "
                + "application/xml+fhir;q=0.9, application/json+fhir;q=0.9")).isEqualTo(FhirFormat.XML);
        assertThat(FhirFormat.of(null, "application/fhir+json, application/fhir+xml")).isEqualTo(FhirFormat.JSON);
        assertThat(FhirFormat.of(null, "text/xml")).isEqualTo(FhirFormat.XML);
        assertThat(FhirFormat.of(null, "*/*")).isEqualTo(FhirFormat.JSON);
        assertThat(FhirFormat.of(null, null)).isEqualTo(FhirFormat.JSON);
    }

    @Test
    void formatOverridesAccept() {
        assertThat(FhirFormat.of("json", "application/fhir+xml")).isEqualTo(FhirFormat.JSON);
        assertThat(FhirFormat.of("application/fhir+xml", null)).isEqualTo(FhirFormat.XML);
    }
}

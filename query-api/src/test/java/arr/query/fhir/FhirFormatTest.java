package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void theAcceptHeaderPrefersTheHighestQualityAndNeverOneOfQualityZero() {
        assertThat(FhirFormat.of(null, "application/fhir+xml;q=0.1, application/fhir+json;q=0.9")).isEqualTo(FhirFormat.JSON);
        assertThat(FhirFormat.of(null, "application/fhir+xml;q=0, application/fhir+json")).isEqualTo(FhirFormat.JSON);
        assertThat(FhirFormat.of(null, "application/fhir+json;q=0.2, application/fhir+xml;q=0.8")).isEqualTo(FhirFormat.XML);
        assertThat(FhirFormat.of(null, "text/html, application/xml;q=0.9")).isEqualTo(FhirFormat.XML);
        assertThat(FhirFormat.of(null, "application/fhir+xml;q=abc")).isEqualTo(FhirFormat.JSON);
        // A format refused outright stays refused whatever a wildcard accepts; a format named outright beats a wildcard.
        assertThat(FhirFormat.of(null, "application/fhir+json;q=0, */*;q=0.5")).isEqualTo(FhirFormat.XML);
        assertThat(FhirFormat.of(null, "*/*, application/fhir+xml")).isEqualTo(FhirFormat.XML);
        assertThat(FhirFormat.of(null, "application/xml;q=0.3, */*;q=0.8")).isEqualTo(FhirFormat.JSON);
    }

    @Test
    void formatIsReadAsHapiReadsIt() {
        // A "+" typed into a URL arrives as a space.
        assertThat(FhirFormat.of("application/fhir json", null)).isEqualTo(FhirFormat.JSON);
        assertThat(FhirFormat.of("application/fhir xml", null)).isEqualTo(FhirFormat.XML);
        assertThat(FhirFormat.of("application/fhir+xml;fhirVersion=4.0", null)).isEqualTo(FhirFormat.XML);
        assertThat(FhirFormat.of("application/json+fhir", null)).isEqualTo(FhirFormat.JSON);
        assertThat(FhirFormat.of("application/xml+fhir", null)).isEqualTo(FhirFormat.XML);
        assertThatThrownBy(() -> FhirFormat.of("text/html", null)).isInstanceOf(FhirBadRequestException.class)
                .hasMessageContaining("_format must be json or xml");
    }
}

package arr.query.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FhirConfigTest {

    @Test
    void aConfiguredPublicUrlIsTheBaseOfEveryLinkWithoutItsTrailingSlash() {
        assertThat(new FhirConfig("https://audit.hospital.example/").baseUrl()).contains("https://audit.hospital.example");
        assertThat(new FhirConfig("https://audit.hospital.example:8443/arr").baseUrl()).contains("https://audit.hospital.example:8443/arr");
    }

    @Test
    void aUserInTheUrlIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> new FhirConfig("https://admin:s3cret@a.example")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void blankMeansLinksFromEachRequest() {
        assertThat(new FhirConfig("").baseUrl()).isEmpty();
        assertThat(new FhirConfig(null).baseUrl()).isEmpty();
    }

    @Test
    void anythingButAnHttpBaseUrlStopsTheStartNamingTheVariable() {
        assertThat(new FhirConfig("HTTPS://audit.hospital.example//").baseUrl()).contains("HTTPS://audit.hospital.example");
        for (String wrong : new String[] {"audit.hospital.example", "ftp://audit.hospital.example", "https://a.example/?x=1",
                "https://user@a.example", "https://a.example/#top", "http://[bad", "https://a.example:99999",
                "https://a.example:", "https://a.example/fhir", "https://a.example/a//b", "https://a b.example"}) {
            assertThatThrownBy(() -> new FhirConfig(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("AUDIT_API_PUBLIC_URL");
        }
    }
}

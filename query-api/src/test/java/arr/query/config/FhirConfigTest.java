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
    void blankMeansLinksFromEachRequest() {
        assertThat(new FhirConfig("").baseUrl()).isEmpty();
        assertThat(new FhirConfig(null).baseUrl()).isEmpty();
    }

    @Test
    void anythingButAnHttpBaseUrlStopsTheStartNamingTheVariable() {
        for (String wrong : new String[] {"audit.hospital.example", "ftp://audit.hospital.example", "https://a.example/?x=1",
                "https://user@a.example", "https://a.example/#top", "http://[bad"}) {
            assertThatThrownBy(() -> new FhirConfig(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("AUDIT_API_PUBLIC_URL");
        }
    }
}

package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    @Test
    void readsRepeatedNamesInOrderAndDecodesEscapesAndPlus() {
        Map<String, List<String>> parameters = FormBody.read("date=ge2016&date=le2017&agent=dr+who&patient.identifier="
                + "urn%3Aoid%3A1.2.3%7C4711&&flag");
        assertThat(parameters).containsExactly(Map.entry("date", List.of("ge2016", "le2017")),
                Map.entry("agent", List.of("dr who")), Map.entry("patient.identifier", List.of("urn:oid:1.2.3|4711")),
                Map.entry("flag", List.of("")));
        assertThat(FormBody.read("")).isEmpty();
    }

    @Test
    void aBodyLongerOrWithMoreParametersThanAGetSearchCouldHaveIsABadRequest() {
        assertThatThrownBy(() -> FormBody.read("date=2016&".repeat(FormBody.MAX_PARAMETERS + 1)))
                .isInstanceOf(FhirBadRequestException.class).hasMessageContaining("more than 1024 parameters");
        assertThatThrownBy(() -> FormBody.read("agent=" + "x".repeat(FormBody.MAX_LENGTH)))
                .isInstanceOf(FhirBadRequestException.class).hasMessageContaining("longer than");
        assertThat(FormBody.read("date=2016&".repeat(FormBody.MAX_PARAMETERS)).get("date")).hasSize(FormBody.MAX_PARAMETERS);
    }

    @Test
    void aMalformedEscapeIsABadRequest() {
        assertThatThrownBy(() -> FormBody.read("date=%zz")).isInstanceOf(FhirBadRequestException.class)
                .hasMessageContaining("x-www-form-urlencoded");
    }
}

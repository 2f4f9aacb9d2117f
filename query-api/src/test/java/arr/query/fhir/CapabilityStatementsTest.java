package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;

class CapabilityStatementsTest {

    @Test
    void theCapabilityStatementNamesExactlyTheSearchParametersTakenAndIsValidFhir() {
        CapabilityStatement statement = CapabilityStatements.of("http://127.0.0.1:8080");
        Set<String> declared = statement.getRestFirstRep().getResourceFirstRep().getSearchParam().stream()
                .map(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName).collect(Collectors.toSet());
        Set<String> taken = FhirSearch.PARAMETERS.stream().filter(p -> !p.startsWith("_")).collect(Collectors.toSet());
        assertThat(declared).isEqualTo(taken);
        assertThat(FhirValidation.errors(statement)).isEmpty();
    }
}

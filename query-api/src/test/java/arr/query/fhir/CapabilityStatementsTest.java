package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
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
        FhirContext r4 = FhirContext.forR4Cached();
        FhirValidator validator = r4.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(new ValidationSupportChain(
                new DefaultProfileValidationSupport(r4), new InMemoryTerminologyServerValidationSupport(r4),
                new CommonCodeSystemsTerminologyService(r4))));
        assertThat(validator.validateWithResult(statement).getMessages()).noneMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR
                || m.getSeverity() == ResultSeverityEnum.FATAL);
    }
}

package arr.schemas.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidatedMessage;
import arr.schemas.validation.ValidationStatus;
import java.nio.charset.StandardCharsets;
import org.glassfish.jaxb.runtime.v2.runtime.Coordinator;
import org.junit.jupiter.api.Test;

/** Reading holds JAXB's active-coordinator slot only while a message is read: nothing stays pinned to the thread. */
class JaxbThreadCoordinatorTest {

    private static final String MESSAGE = """
            <AuditMessage%s>
              <EventIdentification EventActionCode="R" EventDateTime="2026-11-26T10:00:00Z" EventOutcomeIndicator="0">
                <EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>
              </EventIdentification>
              <ActiveParticipant UserID="alice" UserIsRequestor="true"/>
              <AuditSourceIdentification AuditSourceID="src"/>
            </AuditMessage>
            """;

    private final AuditMessageValidator validator = AuditMessageValidator.withDefaults();

    @Test
    void noCoordinatorIsLeftActiveAfterAReadThatSucceeds() {
        assertThat(read(MESSAGE.formatted("")).result().status()).isNotEqualTo(ValidationStatus.INVALID);
        assertThat(Coordinator._getInstance()).isNull();
    }

    @Test
    void noCoordinatorIsLeftActiveAfterAReadOnTheNormalizingChain() {
        // A default namespace sends the message through the plain parser and the schema's validator handler.
        ValidatedMessage result = read(MESSAGE.formatted(" xmlns=\"http://www.dicom.nema.org/audit\""));
        assertThat(result.event()).isPresent();
        assertThat(Coordinator._getInstance()).isNull();
    }

    @Test
    void noCoordinatorIsLeftActiveAfterAReadThatFails() {
        assertThat(read("<AuditMessage><EventIdentification").result().status()).isEqualTo(ValidationStatus.INVALID);
        assertThat(Coordinator._getInstance()).isNull();
    }

    private ValidatedMessage read(String xml) {
        return validator.validate(xml.getBytes(StandardCharsets.UTF_8));
    }
}

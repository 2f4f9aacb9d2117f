package arr.schemas.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.testing.Samples;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidatedMessage;
import arr.schemas.validation.ValidationStatus;
import java.nio.charset.StandardCharsets;
import org.glassfish.jaxb.runtime.v2.runtime.Coordinator;
import org.junit.jupiter.api.Test;

/** Reading holds JAXB's active-coordinator slot only while a message is read: nothing stays pinned to the thread. */
class JaxbThreadCoordinatorTest {

    private final AuditMessageValidator validator = AuditMessageValidator.withDefaults();

    @Test
    void noCoordinatorIsLeftActiveAfterAReadThatSucceeds() {
        ValidatedMessage result = validator.validate(Samples.read(Samples.samplesDir().resolve("valid/110110-patient-record.xml")));
        assertThat(result.result().status()).isEqualTo(ValidationStatus.VALID);
        assertThat(Coordinator._getInstance()).isNull();
    }

    @Test
    void noCoordinatorIsLeftActiveAfterAReadOnTheNormalizingChain() {
        // A namespaced root sends the message through the plain parser and the schema's validator handler.
        ValidatedMessage result = validator.validate(Samples.read(Samples.samplesDir().resolve("warning/NAMESPACED_ROOT--nhinc-namespace.xml")));
        assertThat(result.event()).isPresent();
        assertThat(Coordinator._getInstance()).isNull();
    }

    @Test
    void noCoordinatorIsLeftActiveAfterAReadThatFails() {
        ValidatedMessage result = validator.validate("<AuditMessage><EventIdentification".getBytes(StandardCharsets.UTF_8));
        assertThat(result.result().status()).isEqualTo(ValidationStatus.INVALID);
        assertThat(Coordinator._getInstance()).isNull();
    }
}

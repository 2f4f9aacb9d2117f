package arr.schemas.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.cli.ValidateCommandAccess;
import arr.schemas.event.Dialect;
import arr.schemas.testing.Samples;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidationResult;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.SAXException;

/**
 * The reader validates current-DICOM messages once, against the IHE-relaxed XSD, and names them {@code dicom}
 * when they use none of its three relaxations. This proves that naming agrees with validating against the
 * strict {@code dicom} XSD itself, for every sample and corpus message of the current DICOM family.
 */
class DialectXsdEquivalenceTest {

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();

    static Stream<Path> messages() {
        return Stream.concat(Samples.allSamples().stream(), Samples.corpus(".xml").stream());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void derivedDicomVerdictEqualsTheStrictXsdVerdict(Path file) throws Exception {
        byte[] xml = ValidateCommandAccess.auditXml(Samples.read(file));
        ValidationResult result = VALIDATOR.validate(xml).result();
        if (result.isInvalid() || result.dialect() != Dialect.DICOM && result.dialect() != Dialect.IHE_RELAXED
                || result.hasIssue("NAMESPACED_ROOT")) {
            return;
        }
        boolean relaxedSchemaValid = !result.hasIssue("SCHEMA_VIOLATION");
        boolean derivedStrict = relaxedSchemaValid && result.dialect() == Dialect.DICOM;
        assertThat(derivedStrict).as(file.getFileName().toString()).isEqualTo(strictXsdAccepts(xml));
    }

    private static boolean strictXsdAccepts(byte[] xml) throws Exception {
        Validator validator = DialectSchemas.schema(Dialect.DICOM).newValidator();
        int start = AuditXmlReader.bodyStart(xml);
        try {
            validator.validate(new StreamSource(new ByteArrayInputStream(xml, start, xml.length - start)));
            return true;
        } catch (SAXException e) {
            return false;
        }
    }
}

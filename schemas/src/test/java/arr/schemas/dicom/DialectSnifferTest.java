package arr.schemas.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.event.Dialect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DialectSnifferTest {

    private static Dialect sniff(String xml) {
        return DialectSniffer.schemaFor(xml.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void csdCodeIsTheCurrentDicomFamily() {
        assertThat(sniff("<AuditMessage><EventID csd-code=\"110110\"/></AuditMessage>")).isEqualTo(Dialect.IHE_RELAXED);
    }

    @Test
    void csdCodeWithTheOldSourceCodeAttributeOrMisspellingIsDicom2014() {
        assertThat(sniff("<AuditMessage><EventID csd-code=\"1\"/><AuditSourceIdentification\n code=\"1\" AuditSourceID=\"x\"/>"))
                .isEqualTo(Dialect.DICOM_2014);
        assertThat(sniff("<EventID csd-code=\"1\"/><ParticipantObjectIdentification ParticipantObjectSensistity=\"VIP\"/>"))
                .isEqualTo(Dialect.DICOM_2014);
    }

    @Test
    void codeAttributeWithoutCsdCodeIsRfc3881() {
        assertThat(sniff("<AuditMessage><EventID code=\"110110\" displayName=\"x\"/></AuditMessage>")).isEqualTo(Dialect.RFC_3881);
        assertThat(sniff("<AuditMessage><EventID\tcode='110110'/></AuditMessage>")).isEqualTo(Dialect.RFC_3881);
    }

    @Test
    void codeSystemAloneIsNotACodeAttribute() {
        assertThat(sniff("<AuditMessage><X codeSystem=\"1.2\" mycode=\"1\"/></AuditMessage>")).isEqualTo(Dialect.IHE_RELAXED);
    }

    @Test
    void aDefaultNamespaceAPrefixedRootOrXsiTypeNeedNormalizingBeforeValidation() {
        assertThat(DialectSniffer.sniff(bytes("<AuditMessage xmlns=\"urn:x\"><EventID csd-code=\"1\"/>"), 0).normalizeFirst()).isTrue();
        assertThat(DialectSniffer.sniff(bytes("<?xml version=\"1.0\"?><a:AuditMessage xmlns:a=\"urn:x\"/>"), 0).normalizeFirst()).isTrue();
        assertThat(DialectSniffer.sniff(bytes("<AuditMessage><ActiveParticipant xsi:type=\"T\"/>"), 0).normalizeFirst()).isTrue();
        assertThat(DialectSniffer.sniff(bytes("<AuditMessage xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "xsi:noNamespaceSchemaLocation=\"a.xsd\"><EventID code = \"1\"/>"), 0))
                .isEqualTo(new DialectSniffer.Sniff(Dialect.RFC_3881, false));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

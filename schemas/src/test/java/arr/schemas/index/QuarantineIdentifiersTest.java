package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.event.AuditSource;
import arr.schemas.event.Patient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuarantineIdentifiersTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageCutOffMidwayStillYieldsThePatientAndSourceBeforeTheCut() {
        byte[] msg = bytes("<AuditMessage><EventIdentification EventActionCode=\"R\"/>"
                + "<AuditSourceIdentification AuditSourceID='pacs-1'/>"
                + "<ParticipantObjectIdentification ParticipantObjectTypeCode=\"1\" ParticipantObjectID = \"PAT-7^^^&amp;1.2.3&amp;ISO\">"
                + "<ParticipantObjectIDTypeCode csd-code=\"2\"/></ParticipantObjectIdentification><ParticipantObjectIdentif");

        assertThat(QuarantineIdentifiers.patients(msg)).containsExactly(new Patient("PAT-7", "1.2.3", "PAT-7^^^&1.2.3&ISO"));
        assertThat(QuarantineIdentifiers.sources(msg)).containsExactly(new AuditSource("pacs-1", null, java.util.List.of()));
    }

    @Test
    void everyObjectIdCountsAsAPossiblePatientOnceAndLookalikeNamesDoNot() {
        byte[] msg = bytes("<AuditMessage><ParticipantObjectIdentification ParticipantObjectID=\"1.2.840.10008.1\"/>"
                + "<ParticipantObjectIdentification ParticipantObjectID=\"P1\"/><ParticipantObjectIdentification ParticipantObjectID=\"P1\"/>"
                + "<X xParticipantObjectID=\"no\" my:ParticipantObjectID=\"no\" ParticipantObjectID=\"  \"/>"
                + "<ParticipantObjectIDTypeCode code=\"2\"/>&#x41;ParticipantObjectID=\"&#80;&#x32;\"");

        assertThat(QuarantineIdentifiers.patients(msg)).extracting(Patient::id).containsExactly("1.2.840.10008.1", "P1", "P2");
    }

    @Test
    void aMessageWithoutThemYieldsNothing() {
        assertThat(QuarantineIdentifiers.patients(bytes("not XML at all"))).isEmpty();
        assertThat(QuarantineIdentifiers.sources(new byte[] {(byte) 0xff, 0, 1})).isEmpty();
    }

    @Test
    void aHugeBrokenMessageYieldsAtMostTheCap() {
        StringBuilder msg = new StringBuilder("<AuditMessage>");
        for (int i = 0; i < 500; i++) {
            msg.append("<ParticipantObjectIdentification ParticipantObjectID=\"P").append(i).append("\"/>");
        }

        assertThat(QuarantineIdentifiers.patients(bytes(msg.toString()))).hasSize(QuarantineIdentifiers.MAX_VALUES);
    }

    @Test
    void unknownReferencesAndLoneSurrogatesAreLeftAsWritten() {
        assertThat(QuarantineIdentifiers.unescape("a&b;&amp;&#0;&#x110000;&#xD800;&lt;")).isEqualTo("a&b;&\u0000&#x110000;&#xD800;<");
    }

    @Test
    void aValueTooLongForAKeywordIsSkippedSoTheDocumentIsNotRefused() {
        String huge = "P".repeat(QuarantineIdentifiers.MAX_LENGTH + 1);
        byte[] msg = bytes("<AuditMessage><ParticipantObjectIdentification ParticipantObjectID=\"" + huge + "\"/>"
                + "<ParticipantObjectIdentification ParticipantObjectID=\"" + huge.substring(1) + "\"/>");

        assertThat(QuarantineIdentifiers.patients(msg)).extracting(Patient::id).containsExactly(huge.substring(1));
    }

    @Test
    void aUtf16MessageIsReadInItsEncoding() {
        String xml = "<AuditMessage><AuditSourceIdentification AuditSourceID=\"pacs-16\"/>";
        byte[] bigEndianWithBom = ("\uFEFF" + xml).getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        byte[] littleEndian = xml.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);

        assertThat(QuarantineIdentifiers.sources(bigEndianWithBom)).extracting(AuditSource::id).containsExactly("pacs-16");
        assertThat(QuarantineIdentifiers.sources(littleEndian)).extracting(AuditSource::id).containsExactly("pacs-16");
    }
}

package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditDocumentsTest {

    @Test
    void freeTextHoldsEachNameOnceTrimmedInMessageOrder() {
        String xml = """
                <AuditMessage><EventIdentification EventActionCode="R" EventDateTime="2026-11-26T10:00:00Z" \
                EventOutcomeIndicator="0"><EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>\
                </EventIdentification>\
                <ActiveParticipant UserID="jdoe" UserName="  Dr. Jane Doe " UserIsRequestor="true"/>\
                <ActiveParticipant UserID="ehr.hospital.example" UserName="Dr. Jane Doe" UserIsRequestor="false"/>\
                <AuditSourceIdentification AuditSourceID="ehr.hospital.example"/><ParticipantObjectIdentification \
                ParticipantObjectID="4711^^^&amp;1.2.3&amp;ISO" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">\
                <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>\
                <ParticipantObjectName> </ParticipantObjectName></ParticipantObjectIdentification></AuditMessage>""";
        byte[] frame = ("<85>1 2026-11-26T10:00:00Z ehr.hospital.example app 1 IHE+RFC-3881 - " + xml).getBytes(StandardCharsets.UTF_8);
        AuditEnvelope envelope = EnvelopeCapture.capture(AuditMessageValidator.withDefaults(), Instant.now(), frame, Transport.TLS,
                "127.0.0.1", 50_000, null);

        assertThat(AuditDocuments.of(envelope, null).freeText())
                .isEqualTo("Patient Record\nDr. Jane Doe\njdoe\nehr.hospital.example");
    }

    @Test
    void aQuarantinedMessageKeepsThePatientAndSourceItNamesForLegalHolds() {
        // Cut off before its end: not well-formed, so quarantined, and still about patient 4711.
        String xml = "<AuditMessage><AuditSourceIdentification AuditSourceID=\"pacs-1\"/><ParticipantObjectIdentification "
                + "ParticipantObjectID=\"4711^^^&amp;1.2.3&amp;ISO\" ParticipantObjectTypeCode=\"1\"><ParticipantObj";
        byte[] frame = ("<85>1 2026-11-26T10:00:00Z pacs app 1 IHE+RFC-3881 - " + xml).getBytes(StandardCharsets.UTF_8);
        AuditEnvelope envelope = EnvelopeCapture.capture(AuditMessageValidator.withDefaults(), Instant.now(), frame, Transport.TLS,
                "127.0.0.1", 50_000, null);

        AuditDocument document = AuditDocuments.of(envelope, null);

        assertThat(document.validation().status()).isEqualTo(arr.schemas.validation.ValidationStatus.INVALID);
        assertThat(document.patients()).extracting(arr.schemas.event.Patient::id).containsExactly("4711");
        assertThat(document.sources()).extracting(arr.schemas.event.AuditSource::id).containsExactly("pacs-1");
        assertThat(document.sourceKey()).isEqualTo("peer:127.0.0.1");
        // A version 1 record is made again as it was then, so a replay chains the document already stored.
        assertThat(AuditDocuments.ofVersion1(envelope).patients()).isNull();
        assertThat(AuditDocuments.ofVersion1(envelope).sources()).isNull();
    }
}

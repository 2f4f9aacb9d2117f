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
    void theDocumentHoldsWhatIsSearchedAndEachUserAtItsOwnAddress() {
        String xml = """
                <AuditMessage><EventIdentification EventActionCode="R" EventDateTime="2026-11-26T10:00:00+01:00" \
                EventOutcomeIndicator="4"><EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>\
                <EventTypeCode csd-code="IHE0001" codeSystemName="IHE" originalText="Health data locator"/>\
                </EventIdentification>\
                <ActiveParticipant UserID="jdoe" AlternativeUserID="4711@hosp" UserName="Dr. Jane Doe" UserIsRequestor="true" \
                NetworkAccessPointID="10.0.0.7" NetworkAccessPointTypeCode="2"><RoleIDCode csd-code="110153" \
                codeSystemName="DCM" originalText="Source Role ID"/></ActiveParticipant>\
                <ActiveParticipant UserID="ehr.hospital.example" UserIsRequestor="false" NetworkAccessPointID="ehr.hospital.example" \
                NetworkAccessPointTypeCode="1"/>\
                <AuditSourceIdentification AuditSourceID="ehr.hospital.example" AuditEnterpriseSiteID="North"/>\
                <ParticipantObjectIdentification ParticipantObjectID="4711^^^&amp;1.2.3&amp;ISO" ParticipantObjectTypeCode="1" \
                ParticipantObjectTypeCodeRole="1"><ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" \
                originalText="Patient Number"/></ParticipantObjectIdentification></AuditMessage>""";
        AuditEnvelope envelope = capture(xml);

        AuditDocument document = AuditDocuments.of(envelope, null);

        assertThat(document.eventId()).isEqualTo(new AuditDocument.Code("110110", "Patient Record"));
        assertThat(document.eventTypes()).containsExactly(new AuditDocument.Code("IHE0001", null));
        assertThat(document.eventTime().value()).isEqualTo(envelope.event().eventTime().value());
        assertThat(document.action()).isEqualTo("R");
        assertThat(document.outcome()).isEqualTo(4);
        assertThat(document.participants()).containsExactly(
                new AuditDocument.Participant("jdoe", "4711@hosp", "Dr. Jane Doe", true, "10.0.0.7"),
                new AuditDocument.Participant("ehr.hospital.example", null, null, false, "ehr.hospital.example"));
        // "This user from that address", by either of the user's IDs, never paired with another participant's address.
        assertThat(document.userAddresses()).containsExactly(AuditDocument.userAddress("jdoe", "10.0.0.7"),
                AuditDocument.userAddress("4711@hosp", "10.0.0.7"),
                AuditDocument.userAddress("ehr.hospital.example", "ehr.hospital.example"));
        assertThat(document.sources()).containsExactly(new AuditDocument.Source("ehr.hospital.example", "North"));
        assertThat(document.objects()).containsExactly(new AuditDocument.ObjectRef("4711^^^&1.2.3&ISO", 1, 1));
        assertThat(document.patients()).extracting(arr.schemas.event.Patient::cx).containsExactly("4711^^^&1.2.3&ISO");
        // The rest of the event (roles, code systems, object details) is read again from the raw message.
        assertThat(RawEvents.of(document.rawBytes())).contains(envelope.event());
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
        assertThat(document.sources()).extracting(AuditDocument.Source::id).containsExactly("pacs-1");
        assertThat(document.sourceKey()).isEqualTo("peer:127.0.0.1");
        // A version 1 record is made again as it was then, so a replay chains the document already stored.
        assertThat(AuditDocuments.ofVersion1(envelope).patients()).isNull();
        assertThat(AuditDocuments.ofVersion1(envelope).sources()).isNull();
    }

    @Test
    void aWellFormedUtf8MessageIsStoredAsTextAndAnyOtherAsItsBytes() {
        String xml = "<AuditMessage><AuditSourceIdentification AuditSourceID=\"pacs-1\"/><ActiveParticipant UserName=\"Dr. M\u00fcller\"/>";
        byte[] utf8 = ("<85>1 2026-11-26T10:00:00Z pacs app 1 IHE+RFC-3881 - " + xml).getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = ("<85>1 2026-11-26T10:00:00Z pacs app 1 IHE+RFC-3881 - " + xml).getBytes(StandardCharsets.ISO_8859_1);

        AuditDocument text = AuditDocuments.of(captureFrame(utf8), null);
        AuditDocument bytes = AuditDocuments.of(captureFrame(latin1), null);

        assertThat(text.rawText()).isEqualTo(new String(utf8, StandardCharsets.UTF_8));
        assertThat(text.raw()).isNull();
        assertThat(text.rawBytes()).isEqualTo(utf8);
        assertThat(bytes.rawText()).isNull();
        assertThat(bytes.raw()).isEqualTo(latin1);
        assertThat(bytes.rawBytes()).isEqualTo(latin1);
        // Records written before version 4 are made again as the indexer of schema 4 made them, the message in raw.
        assertThat(AuditDocuments.ofVersion1(captureFrame(utf8)).raw()).isEqualTo(utf8);
        assertThat(AuditDocuments.ofVersion2(captureFrame(utf8)).raw()).isEqualTo(utf8);
        assertThat(AuditDocuments.ofVersion2(captureFrame(utf8)).rawText()).isNull();
    }

    @Test
    void aMessageWhoseJsonStringWouldOutgrowItsBase64StaysBase64() {
        // Each control character takes six bytes escaped: 256 KiB of them would make a 1.5 MiB record as text.
        byte[] controls = new byte[3_000];
        java.util.Arrays.fill(controls, (byte) 1);
        byte[] quotes = "<A b=\"1\" c=\"2\"/>".repeat(100).getBytes(StandardCharsets.US_ASCII);

        assertThat(AuditDocuments.asText(controls, controls.length)).isNull();
        assertThat(AuditDocuments.of(captureFrame(controls), null).raw()).isEqualTo(controls);
        assertThat(AuditDocuments.asText(quotes, quotes.length)).isEqualTo(new String(quotes, StandardCharsets.US_ASCII));
        byte[] emoji = "\ud83d\ude00".repeat(1_000).getBytes(StandardCharsets.UTF_8);
        assertThat(AuditDocuments.asText(emoji, emoji.length)).isNull();
        assertThat(AuditDocuments.asText(emoji, 0)).isNotNull();
        // A normalized event whose syslog header is mostly control characters (its structured data) stays base64 too.
        String header = "<85>1 2026-11-26T10:00:00Z pacs app 1 IHE+RFC-3881 [x@1 a=\"" + "\u0001".repeat(3_000) + "\"] ";
        String xml = "<AuditMessage><EventIdentification EventActionCode=\"R\" EventDateTime=\"2026-11-26T10:00:00Z\" "
                + "EventOutcomeIndicator=\"0\"><EventID csd-code=\"110110\" codeSystemName=\"DCM\" originalText=\"Patient Record\"/>"
                + "</EventIdentification><ActiveParticipant UserID=\"jdoe\" UserIsRequestor=\"true\"/>"
                + "<AuditSourceIdentification AuditSourceID=\"pacs-1\"/></AuditMessage>";
        AuditEnvelope event = captureFrame((header + xml).getBytes(StandardCharsets.US_ASCII));
        assertThat(event.event()).as(event.validation().toString()).isNotNull();
        assertThat(AuditDocuments.of(event, null).rawText()).isNull();
        assertThat(AuditDocuments.of(capture(xml), null).rawText()).isNotNull();
        // XML in UTF-16 without a byte order mark is well-formed UTF-8 with a NUL in every ASCII character: counted whole.
        byte[] utf16 = ("<?xml version=\"1.0\" encoding=\"UTF-16LE\"?>" + xml).getBytes(StandardCharsets.UTF_16LE);
        byte[] utf16Header = "<85>1 2026-11-26T10:00:00Z pacs app 1 - - ".getBytes(StandardCharsets.US_ASCII);
        byte[] utf16Frame = java.util.Arrays.copyOf(utf16Header, utf16Header.length + utf16.length);
        System.arraycopy(utf16, 0, utf16Frame, utf16Header.length, utf16.length);
        assertThat(WellFormedUtf8.decode(utf16Frame)).isNotNull();
        AuditEnvelope utf16Event = captureFrame(utf16Frame);
        assertThat(utf16Event.event()).as(utf16Event.validation().toString()).isNotNull();
        AuditDocument utf16Document = AuditDocuments.of(utf16Event, null);
        assertThat(utf16Document.rawText()).isNull();
        assertThat(utf16Document.raw()).isEqualTo(utf16Frame);
    }

    @Test
    void eachObjectKeepsItsTypeAndRoleForEntitySearchesEvenWithoutAnIdButNotInTheDocumentsOfOldRecords() {
        String xml = """
                <AuditMessage><EventIdentification EventActionCode="E" EventDateTime="2026-11-26T10:00:00Z" \
                EventOutcomeIndicator="0"><EventID csd-code="110112" codeSystemName="DCM" originalText="Query"/>\
                </EventIdentification><ActiveParticipant UserID="pacs" UserIsRequestor="true"/>\
                <AuditSourceIdentification AuditSourceID="pacs"/>\
                <ParticipantObjectIdentification ParticipantObjectID="1.2.840.10008.5.1.4.1.2.2.1" \
                ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="24"><ParticipantObjectIDTypeCode \
                csd-code="ITI-18" codeSystemName="IHE Transactions" originalText="Registry Stored Query"/>\
                <ParticipantObjectQuery>cXVlcnk=</ParticipantObjectQuery></ParticipantObjectIdentification>\
                <ParticipantObjectIdentification ParticipantObjectID=" " ParticipantObjectTypeCode="3">\
                <ParticipantObjectIDTypeCode csd-code="12" codeSystemName="RFC-3881" originalText="URI"/>\
                </ParticipantObjectIdentification><ParticipantObjectIdentification ParticipantObjectID=" ">\
                <ParticipantObjectIDTypeCode csd-code="12" codeSystemName="RFC-3881" originalText="URI"/>\
                </ParticipantObjectIdentification></AuditMessage>""";

        AuditEnvelope envelope = capture(xml);
        AuditDocument document = AuditDocuments.of(envelope, null);

        // An object with neither ID, type nor role has nothing to search by.
        assertThat(document.objects()).containsExactly(new AuditDocument.ObjectRef("1.2.840.10008.5.1.4.1.2.2.1", 2, 24),
                new AuditDocument.ObjectRef(null, 3, null));
        // Version 1 and 2 records make their documents as schema 4 did, so that a replay makes the very document stored.
        assertThat(AuditDocuments.ofVersion1(envelope).objects()).containsExactly(
                new AuditDocument.ObjectRef("1.2.840.10008.5.1.4.1.2.2.1", null, null));
        assertThat(AuditDocuments.ofVersion2(envelope).objects()).containsExactly(
                new AuditDocument.ObjectRef("1.2.840.10008.5.1.4.1.2.2.1", null, null));
    }

    private static AuditEnvelope captureFrame(byte[] frame) {
        return EnvelopeCapture.capture(AuditMessageValidator.withDefaults(), Instant.now(), frame, Transport.TLS,
                "127.0.0.1", 50_000, null);
    }

    private static AuditEnvelope capture(String xml) {
        byte[] frame = ("<85>1 2026-11-26T10:00:00Z ehr.hospital.example app 1 IHE+RFC-3881 - " + xml).getBytes(StandardCharsets.UTF_8);
        return EnvelopeCapture.capture(AuditMessageValidator.withDefaults(), Instant.now(), frame, Transport.TLS,
                "127.0.0.1", 50_000, null);
    }
}

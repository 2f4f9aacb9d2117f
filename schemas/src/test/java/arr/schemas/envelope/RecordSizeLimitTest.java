package arr.schemas.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.schemas.event.Dialect;
import arr.schemas.index.AuditDocument;
import arr.schemas.index.AuditDocuments;
import arr.schemas.syslog.SyslogHeader;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import arr.schemas.validation.ValidationResult;
import arr.schemas.validation.ValidationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordSizeLimitTest {

    private static final String SYSLOG_HEADER = "<85>1 2026-11-26T10:00:00Z host app 1 IHE+RFC-3881 - ";
    private static final RecordSizeLimit LIMIT = new RecordSizeLimit(RecordSizeLimit.DEFAULT_MAX_BYTES);

    @Test
    void anOrdinaryMessageIsPublishedAsItIs() {
        AuditEnvelope envelope = capture(frame(participants(3, 20, false)));

        RecordSizeLimit.Bounded bounded = LIMIT.record("audit.events", envelope);

        assertThat(bounded.tooLarge()).isFalse();
        assertThat(bounded.envelope()).isSameAs(envelope);
        assertThat(bounded.record().value()).isEqualTo(EnvelopeRecords.producerRecord("audit.events", envelope).value());
    }

    /**
     * Characters beyond the BMP take twelve bytes in JSON, and a participant's values are repeated in the document
     * (user, address, the pair of both, the free text): a message of 240 KB made a record of 2.4 MB, which Kafka
     * refuses. It is published as invalid instead, whole, and the record fits.
     */
    @Test
    void aMessageWhoseRecordWouldBeTooLargeIsPublishedWholeAsInvalid() {
        byte[] frame = frame(participants(200, 100, true));
        AuditEnvelope envelope = capture(frame);
        assertThat(envelope.validation().isInvalid()).isFalse();
        assertThat(RecordSizeLimit.size(EnvelopeRecords.producerRecord("audit.events", envelope)))
                .isGreaterThan(RecordSizeLimit.DEFAULT_MAX_BYTES);

        RecordSizeLimit.Bounded bounded = LIMIT.record("audit.events", envelope);

        assertThat(bounded.tooLarge()).isTrue();
        assertThat(bounded.firstBytes()).isGreaterThan(RecordSizeLimit.DEFAULT_MAX_BYTES);
        assertThat(RecordSizeLimit.size(bounded.record())).isLessThanOrEqualTo(RecordSizeLimit.DEFAULT_MAX_BYTES);
        AuditEnvelope read = EnvelopeRecords.read(consumed(bounded.record()));
        assertThat(read.raw()).isEqualTo(frame);
        assertThat(read.id()).isEqualTo(envelope.id());
        assertThat(read.receivedAt()).isEqualTo(envelope.receivedAt());
        assertThat(read.event()).isNull();
        assertThat(read.validation().status()).isEqualTo(ValidationStatus.INVALID);
        assertThat(read.validation().issues().get(0).code()).isEqualTo(IssueCode.RECORD_TOO_LARGE.name());
        assertThat(read.validation().issues().get(0).message()).contains(Integer.toString(bounded.firstBytes()));
        assertThat(bounded.record().key()).isEqualTo(read.kafkaKey());
        assertThat(EnvelopeRecords.filing(bounded.record().headers()).status()).isEqualTo(ValidationStatus.INVALID);
        // Filed in the quarantine by receipt time, as any invalid message.
        assertThat(EnvelopeRecords.filing(bounded.record().headers()).placedAt()).isEqualTo(envelope.receivedAt());
    }

    /**
     * The quarantine form stays within {@link RecordSizeLimit#requiredBytes} of its message however the message is
     * made to grow it, all at once: escapes in the syslog header and the TLS subject, a hundred long issues, patients
     * and sources at the scan's longest, and the message itself at the most its text (quotes, escaped in two bytes,
     * up to where text would outgrow base64) or its base64 (characters beyond the BMP and controls) can take.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"base64, \uD83D\uDE00, 500", "text, \u20AC, 1000"})
    void theQuarantineFormOfTheWorstMessageStaysWithinItsBound(String form, String wideChar, int wideCount) throws Exception {
        String wide = wideChar.repeat(wideCount);
        StringBuilder xml = new StringBuilder("<AuditMessage>");
        for (int i = 0; i < 100; i++) {
            xml.append("<ParticipantObjectIdentification ParticipantObjectID=\"").append(i % 10).append(wide)
                    .append("^^^&amp;").append(i % 10).append("&amp;ISO\"/><AuditSourceIdentification AuditSourceID=\"")
                    .append(i % 10).append(wide).append("\"/>");
        }
        String plain = SYSLOG_HEADER + xml + "</AuditMessage>";
        int bytes = plain.getBytes(StandardCharsets.UTF_8).length;
        long quotes = plain.chars().filter(c -> c == '"').count();
        // As text: as many more quotes (one byte more each, escaped) as keep the text within base64, which allows one
        // escape byte per three message bytes; as base64: controls (five more each).
        xml.append(form.equals("text") ? "\"".repeat((int) ((bytes + 12 - 3 * quotes) / 2 - 8)) : "\u0001".repeat(20_000))
                .append("</AuditMessage>");
        byte[] frame = frame(xml.toString());
        String controls = "\u0001".repeat(50_000);
        List<Issue> issues = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            issues.add(Issue.of(IssueCode.SCHEMA_VIOLATION, controls + wide, controls));
        }
        SyslogHeader header = new SyslogHeader(85, 10, 5, 1, controls, controls, controls, controls, controls, controls, controls);
        AuditEnvelope envelope = new AuditEnvelope(AuditEnvelope.VERSION, UUID.randomUUID(), Instant.now(), frame, frame.length,
                new Transport(Transport.TLS, "127.0.0.1", 50_000, controls, header, SYSLOG_HEADER.length()),
                new ValidationResult(ValidationStatus.INVALID, Dialect.UNKNOWN, controls, issues), null);
        RecordSizeLimit limit = new RecordSizeLimit((int) RecordSizeLimit.requiredBytes(frame.length));

        RecordSizeLimit.Bounded bounded = limit.record("audit.events", envelope);

        assertThat(bounded.tooLarge()).isTrue();
        assertThat(RecordSizeLimit.size(bounded.record())).isLessThanOrEqualTo(limit.maxBytes());
        AuditDocument document = AuditDocuments.storedReader().readValue(bounded.record().value(), AuditDocument.class);
        assertThat(document.rawText() != null).as("the message as text").isEqualTo(form.equals("text"));
        if (form.equals("text")) {
            long escaped = document.rawText().getBytes(StandardCharsets.UTF_8).length
                    + document.rawText().chars().filter(c -> c == '"').count();
            assertThat(escaped).as("text at its longest, as JSON").isGreaterThan(frame.length * 13L / 10);
        }
        AuditEnvelope read = EnvelopeRecords.read(consumed(bounded.record()));
        assertThat(read.raw()).isEqualTo(frame);
        assertThat(read.validation().issues()).hasSize(1 + 20 + 1)
                .last().extracting(Issue::code).isEqualTo(IssueCode.TOO_MANY_ISSUES.name());
        assertThat(read.transport().syslog().structuredData()).hasSize(RecordSizeLimit.KEPT_CHARS + 1).endsWith("…");
        assertThat(read.transport().tlsSubject()).hasSize(RecordSizeLimit.KEPT_SUBJECT_CHARS + 1);
        // Some identifiers are still there for the legal holds, as many as the budget allows.
        assertThat(document.patients()).isNotEmpty().hasSizeLessThan(10);
        assertThat(document.sources()).isNotEmpty().hasSizeLessThan(10);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        assertThat(RecordSizeLimit.cut("ab\uD83D\uDE00cd", 3)).isEqualTo("ab…");
        assertThat(RecordSizeLimit.cut("ab\uD83D\uDE00cd", 4)).isEqualTo("ab\uD83D\uDE00…");
        assertThat(RecordSizeLimit.cut("abc", 3)).isEqualTo("abc");
    }

    @Test
    void aLimitTooSmallForTheLongestMessageIsRefusedNamingTheSettings() {
        LIMIT.check(262_144, "settings");
        assertThatThrownBy(() -> LIMIT.check(1_048_576, "max-message-bytes and max-record-bytes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-message-bytes and max-record-bytes")
                .hasMessageContaining("1048576");
        assertThatThrownBy(() -> new RecordSizeLimit(100_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32,768");
        assertThatThrownBy(() -> new RecordSizeLimit(RecordSizeLimit.LARGEST_MAX_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dead letters");
    }

    /** Participants whose four values are random text of {@code chars} characters, beyond the BMP if {@code wide}. */
    private static String participants(int count, int chars, boolean wide) {
        Random random = new Random(7);
        StringBuilder xml = new StringBuilder("""
                <AuditMessage><EventIdentification EventActionCode="R" EventDateTime="2026-11-26T10:00:00Z" \
                EventOutcomeIndicator="0"><EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>\
                </EventIdentification>""");
        for (int i = 0; i < count; i++) {
            xml.append("<ActiveParticipant UserID=\"").append(text(random, chars, wide)).append("\" AlternativeUserID=\"")
                    .append(text(random, chars, wide)).append("\" UserName=\"").append(text(random, chars, wide))
                    .append("\" UserIsRequestor=\"false\" NetworkAccessPointID=\"").append(text(random, chars, wide))
                    .append("\" NetworkAccessPointTypeCode=\"1\"/>");
        }
        return xml.append("""
                <AuditSourceIdentification AuditSourceID="pacs.hospital.example"/><ParticipantObjectIdentification \
                ParticipantObjectID="4711^^^&amp;1.2.3&amp;ISO" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">\
                <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>\
                </ParticipantObjectIdentification></AuditMessage>""").toString();
    }

    private static String text(Random random, int chars, boolean wide) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chars; i++) {
            text.appendCodePoint(wide ? 0x10000 + random.nextInt(0xFFFF) : 'a' + random.nextInt(26));
        }
        return text.toString();
    }

    private static byte[] frame(String xml) {
        return (SYSLOG_HEADER + xml).getBytes(StandardCharsets.UTF_8);
    }

    private static AuditEnvelope capture(byte[] frame) {
        return EnvelopeCapture.capture(AuditMessageValidator.withDefaults(), Instant.parse("2026-11-26T10:00:01Z"), frame,
                Transport.TLS, "127.0.0.1", 50_000, "CN=device-1");
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 0, 0L, sent.timestamp(), TimestampType.CREATE_TIME, -1, -1, sent.key(),
                sent.value(), sent.headers(), Optional.empty());
    }
}

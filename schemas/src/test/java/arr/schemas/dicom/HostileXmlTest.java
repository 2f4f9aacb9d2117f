package arr.schemas.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.Issue;
import arr.schemas.validation.ValidatedMessage;
import arr.schemas.validation.ValidationStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile XML is refused with a clear reason: no entity expanded, no file read, no connection made. */
class HostileXmlTest {

    private static final String BODY = """
            <AuditMessage>
              <EventIdentification EventActionCode="R" EventDateTime="2026-11-26T10:00:00Z" EventOutcomeIndicator="0">
                <EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>
              </EventIdentification>
              <ActiveParticipant UserID="%s" UserIsRequestor="true"/>
              <AuditSourceIdentification AuditSourceID="src"/>
            </AuditMessage>
            """;

    private final AuditMessageValidator validator = AuditMessageValidator.withDefaults();
    private ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();
    private Thread acceptor;

    @TempDir
    Path dir;

    @BeforeEach
    void listenForConnections() throws IOException {
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(200);
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    listener.accept().close();
                    connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // poll again
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.start();
    }

    @AfterEach
    void stopListening() throws Exception {
        listener.close();
        acceptor.join(5_000);
    }

    @Test
    void externalEntityNamingAFileIsRefusedAndTheFileNeverRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        ValidatedMessage result = validate("<?xml version=\"1.0\"?>\n<!DOCTYPE AuditMessage [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n" + BODY.formatted("&xxe;"));
        assertRefused(result, "DTD_NOT_ALLOWED");
        assertThat(result.result().issues()).extracting(Issue::message).noneMatch(m -> m.contains("TOP-SECRET"));
    }

    @Test
    void externalEntityNamingAUrlMakesNoConnection() {
        String url = "http://127.0.0.1:" + listener.getLocalPort() + "/entity";
        assertRefused(validate("<!DOCTYPE AuditMessage [<!ENTITY xxe SYSTEM \"" + url + "\">]>" + BODY.formatted("&xxe;")),
                "DTD_NOT_ALLOWED");
        assertRefused(validate("<!DOCTYPE AuditMessage SYSTEM \"" + url + "\">" + BODY.formatted("x")), "DTD_NOT_ALLOWED");
        assertRefused(validate("<!DOCTYPE AuditMessage [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>" + BODY.formatted("x")),
                "DTD_NOT_ALLOWED");
        assertThat(connections.get()).as("connections to the entity URL").isZero();
    }

    @Test
    void schemaLocationHintsAreIgnoredAndFetchNothing() throws Exception {
        String url = "http://127.0.0.1:" + listener.getLocalPort() + "/audit.xsd";
        ValidatedMessage result = validate(BODY.formatted("u").replace("<AuditMessage>",
                "<AuditMessage xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"" + url + "\">"));
        assertThat(result.result().status()).isNotEqualTo(ValidationStatus.INVALID);
        Thread.sleep(300);
        assertThat(connections.get()).isZero();
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE AuditMessage [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        ValidatedMessage result = validate(dtd + BODY.formatted("&lol10;"));
        assertRefused(result, "DTD_NOT_ALLOWED");
        assertThat(result.result().issues()).extracting(Issue::message).noneMatch(m -> m.contains("lollollol"));
    }

    @Test
    void deepNestingIsRefusedAtTheDepthLimit() {
        String deep = "<a>".repeat(100_000) + "</a>".repeat(100_000);
        assertRefused(validate(BODY.formatted("u").replace("</AuditMessage>", deep + "</AuditMessage>")), "TOO_DEEP");
    }

    @Test
    void aTenMegabyteAttributeIsRefusedBySizeBeforeParsing() {
        String huge = "x".repeat(10 * 1024 * 1024);
        ValidatedMessage result = validate(BODY.formatted(huge));
        assertRefused(result, "TOO_LARGE");
    }

    @Test
    void anAttributeLongerThanTheLimitIsRefusedEvenInASmallEnoughMessage() {
        AuditMessageValidator strict = new AuditMessageValidator(new ParserLimits(1024 * 1024, 32, 64 * 1024, 512 * 1024, 100));
        ValidatedMessage result = strict.validate(BODY.formatted("y".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        assertRefused(result, "ATTRIBUTE_TOO_LONG");
        assertThat(result.result().issues().get(0).path()).isEqualTo("/AuditMessage/ActiveParticipant/@UserID");
    }

    @Test
    void aBase64ValueBeyondTheDecodingBoundIsKeptAsSentWithAWarning() {
        String value = "QUJD".repeat(200_000);
        String message = BODY.formatted("u").replace("<AuditSourceIdentification AuditSourceID=\"src\"/>",
                "<AuditSourceIdentification AuditSourceID=\"src\"/><ParticipantObjectIdentification ParticipantObjectID=\"p\" "
                        + "ParticipantObjectTypeCode=\"1\" ParticipantObjectTypeCodeRole=\"1\"><ParticipantObjectIDTypeCode "
                        + "csd-code=\"2\" codeSystemName=\"RFC-3881\" originalText=\"Patient Number\"/><ParticipantObjectName>n"
                        + "</ParticipantObjectName><ParticipantObjectQuery>" + value + "</ParticipantObjectQuery>"
                        + "</ParticipantObjectIdentification>");
        ValidatedMessage result = validate(message);
        assertThat(result.result().issues()).extracting(Issue::code).contains("DECODE_LIMIT_EXCEEDED");
        assertThat(result.event().orElseThrow().objects().get(0).query()).isEqualTo(value);
    }

    @Test
    void aFloodOfSchemaErrorsIsCappedAndSaidSo() {
        StringBuilder participants = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            participants.append("<ActiveParticipant UserID=\"u").append(i).append("\" UserIsRequestor=\"maybe\"/>");
        }
        ValidatedMessage result = validate(BODY.formatted("u").replace("<AuditSourceIdentification",
                participants + "<AuditSourceIdentification"));
        assertThat(result.result().issues()).hasSizeLessThanOrEqualTo(110);
        assertThat(result.result().issues()).extracting(Issue::code).contains("TOO_MANY_ISSUES");
    }

    private ValidatedMessage validate(String xml) {
        return validator.validate(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(ValidatedMessage result, String code) {
        assertThat(result.result().status()).isEqualTo(ValidationStatus.INVALID);
        assertThat(result.event()).isEmpty();
        assertThat(result.result().issues()).extracting(Issue::code).contains(code);
    }
}

package arr.query.selfaudit;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.Transport;
import arr.schemas.event.AuditEvent;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidationStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query API's own events pass the repository's own validation cleanly (status valid, no issues). */
class QueryApiAuditMessagesTest {

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();
    private final QueryApiAuditMessages messages = new QueryApiAuditMessages("api.example", "4711", "urn:arr:audit-events");
    private final Reader reader = new Reader("officer", "10.0.0.9");
    private final ReadRecord read = new ReadRecord("GET /api/v1/events", "patient=4711&size=50", 12);

    @Test
    void auditLogUsedNamesTheUserTheQueryAndTheResultCount() {
        AuditEvent event = valid(messages.auditLogUsed(reader, read));
        assertThat(event.eventId().code()).isEqualTo("110101");
        assertThat(event.action()).isEqualTo("R");
        assertThat(event.participants().get(0).userId()).isEqualTo("officer");
        assertThat(event.participants().get(0).requestorFlagged()).isTrue();
        assertThat(event.participants().get(0).networkAccessPointId()).isEqualTo("10.0.0.9");
        assertThat(event.objects().get(0).id()).isEqualTo("urn:arr:audit-events");
        assertThat(event.objects().get(0).role()).isEqualTo(13);
        assertThat(event.objects().get(0).query()).isEqualTo("patient=4711&size=50");
        assertThat(event.objects().get(0).details()).anyMatch(d -> d.type().equals("ResultCount") && d.text().equals("12"));
    }

    @Test
    void aLegalHoldChangeIsAValidSecurityAlertNamingTheAdminTheHoldAndWhy() {
        arr.schemas.index.LegalHold hold = new arr.schemas.index.LegalHold("0b4e6a0e-1111-4222-8333-944445555666", "patient",
                "4711^^^&1.2.3&ISO", "case <17> & co", "admin", "2026-11-28T10:00:00Z", null, null);
        AuditEvent placed = valid(messages.legalHoldChanged(new Reader("admin", "10.0.0.9"), hold, true));
        assertThat(placed.eventId().code()).isEqualTo("110113");
        assertThat(placed.eventTypes()).extracting(c -> c.code()).containsExactly("110129");
        assertThat(placed.participants().get(0).userId()).isEqualTo("admin");
        assertThat(placed.participants().get(0).requestorFlagged()).isTrue();
        assertThat(placed.objects().get(0).id()).isEqualTo("elasticsearch:audit-legal-holds/" + hold.id());
        assertThat(placed.objects().get(0).details()).singleElement().satisfies(d -> assertThat(d.text())
                .contains("placed on patient 4711^^^&1.2.3&ISO").contains("case <17> & co"));

        AuditEvent released = valid(messages.legalHoldChanged(new Reader("admin2", "10.0.0.8"), hold.released("admin2",
                "2026-11-29T10:00:00Z"), false));
        assertThat(released.objects().get(0).details()).singleElement().satisfies(d -> assertThat(d.text())
                .contains(" released ").contains("released by admin2 at 2026-11-29T10:00:00Z"));
    }

    @Test
    void aReadAboutPatientsNamesEachAsAPatientObjectAndStaysValid() {
        AuditEvent event = valid(messages.auditLogUsed(reader, read.about(List.of("4711^^^&1.2.3&ISO", "0815 & <co>"))));
        assertThat(event.objects().get(0).role()).isEqualTo(13);
        assertThat(event.patients()).extracting(p -> p.id()).containsExactly("4711", "0815 & <co>");
        assertThat(event.patients().get(0).authority()).isEqualTo("1.2.3");
    }

    @Test
    void aReportRunsReadCarriesItsFilesHashesInOrderAfterTheCount() {
        java.util.Map<String, String> hashes = new java.util.LinkedHashMap<>();
        hashes.put("CsvSha256", "ab".repeat(32));
        hashes.put("PdfSha256", "cd".repeat(32));
        AuditEvent event = valid(messages.auditLogUsed(reader, new ReadRecord("POST /api/v1/reports/{name}/runs",
                "report=exports&run=r1", 3, hashes)));
        assertThat(event.objects().get(0).details()).extracting(d -> d.type() + "=" + d.text()).containsExactly(
                "Endpoint=POST /api/v1/reports/{name}/runs", "ResultCount=3", "CsvSha256=" + "ab".repeat(32),
                "PdfSha256=" + "cd".repeat(32));
    }

    @Test
    void aFailedLoginIsAUserAuthenticationWithAFailureOutcome() {
        AuditEvent event = valid(messages.failedLogin("mallory<&>\"", "10.6.6.6", false));
        assertThat(event.eventId().code()).isEqualTo("110114");
        assertThat(event.eventTypes().get(0).code()).isEqualTo("110122");
        assertThat(event.outcome()).isEqualTo(4);
        assertThat(event.participants().get(0).userId()).isEqualTo("mallory<&>\"");
        assertThat(valid(messages.failedLogin("mallory", "10.6.6.6", true)).outcome()).isEqualTo(8);
    }

    @Test
    void startAndStopAreApplicationActivity() {
        AuditEvent start = valid(messages.applicationActivity(true));
        assertThat(start.eventId().code()).isEqualTo("110100");
        assertThat(start.eventTypes().get(0).code()).isEqualTo("110120");
        assertThat(start.participants().get(0).userId()).isEqualTo("arr-query-api");
        assertThat(valid(messages.applicationActivity(false)).eventTypes().get(0).code()).isEqualTo("110121");
    }

    @Test
    void anExportNamesItsPatientsAndDestination() {
        AuditEvent event = valid(messages.export(reader, read, List.of("4711^^^&1.2.3&ISO")));
        assertThat(event.eventId().code()).isEqualTo("110106");
        assertThat(event.patients()).extracting(p -> p.cx()).containsExactly("4711^^^&1.2.3&ISO");
        assertThat(event.participants()).anyMatch(p -> p.hasRole("110154"));
    }

    private static AuditEvent valid(byte[] syslog) {
        AuditEnvelope envelope = EnvelopeCapture.capture(VALIDATOR, Instant.now(), syslog, Transport.INTERNAL, "127.0.0.1", null, null);
        assertThat(envelope.validation().issues()).isEmpty();
        assertThat(envelope.validation().status()).isEqualTo(ValidationStatus.VALID);
        return envelope.event();
    }
}

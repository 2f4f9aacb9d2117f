package arr.indexer.transform;

import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.load.RealisticMessages;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.Transport;
import arr.schemas.index.EventPlacement;
import arr.schemas.syslog.Rfc5424Parser;
import arr.schemas.syslog.SyslogMessage;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidatedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IndexNameResolverTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static AuditEnvelope envelope(OffsetDateTime eventTime) {
        byte[] frame = new RealisticMessages(1, 10, 10).next(eventTime);
        return envelopeOf(frame);
    }

    static AuditEnvelope envelopeOf(byte[] frame) {
        SyslogMessage syslog = Rfc5424Parser.parse(frame);
        ValidatedMessage validated = AuditMessageValidator.withDefaults().validate(syslog.msg());
        return new AuditEnvelope(1, UUID.randomUUID(), NOW, frame, frame.length,
                new Transport(Transport.TCP, "10.0.0.1", 1, null, syslog.header(), syslog.msgOffset()),
                validated.result(), validated.event().orElse(null));
    }

    @Test
    void eventsGoToTheUtcMonthOfTheirEventTime() {
        assertThat(IndexNameResolver.indexFor(envelope(OffsetDateTime.parse("2026-10-31T23:30:00-02:00")))).isEqualTo("audit-events-2026.11");
        assertThat(IndexNameResolver.indexFor(envelope(OffsetDateTime.parse("2025-01-15T08:00:00+01:00")))).isEqualTo("audit-events-2025.01");
    }

    @Test
    void anEventTimeBefore1990OrADayAfterReceiptFilesByReceiptTimeAndIsFlagged() {
        AuditEnvelope future = envelope(OffsetDateTime.parse("2030-01-01T00:00:00Z"));
        assertThat(EventPlacement.eventTimePlausible(future)).isFalse();
        assertThat(IndexNameResolver.indexFor(future)).isEqualTo("audit-events-2026.11");
        AuditEnvelope flagged = EventPlacement.settled(future);
        assertThat(flagged.validation().hasIssue("EVENT_TIME_IMPLAUSIBLE")).isTrue();
        assertThat(flagged.validation().status().wireName()).isEqualTo("warning");
        assertThat(IndexNameResolver.indexFor(flagged)).isEqualTo("audit-events-2026.11");
        assertThat(EventPlacement.eventTimePlausible(envelope(OffsetDateTime.parse("1989-12-31T23:59:59Z")))).isFalse();
        assertThat(EventPlacement.eventTimePlausible(envelope(OffsetDateTime.parse("2026-11-27T11:00:00Z")))).isTrue();
        AuditEnvelope plausible = envelope(OffsetDateTime.parse("2026-11-27T11:00:00Z"));
        assertThat(EventPlacement.settled(plausible)).isSameAs(plausible);
    }

    @Test
    void invalidMessagesGoToTheQuarantineByReceiptMonth() {
        assertThat(IndexNameResolver.indexFor(envelopeOf("<85>1 - - - - - not xml".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("audit-quarantine-2026.11");
    }
}

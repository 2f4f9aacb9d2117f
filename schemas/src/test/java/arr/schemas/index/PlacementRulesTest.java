package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodecTestAccess;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlacementRulesTest {

    private static final PlacementRules SIX_YEARS = PlacementRules.of("P6Y", "max-age");

    @Test
    void aMonthIsPastRetentionFromADayBeforeTheRetentionPolicyMayDeleteIt() {
        // March 2020 ends at 2020-04-01T00:00Z; with P6Y the policy may delete it from 2026-04-01T00:00Z on, and a
        // message received in the day before may be indexed after that.
        Instant march = Instant.parse("2020-03-15T12:00:00Z");

        assertThat(SIX_YEARS.pastRetention(march, Instant.parse("2026-03-30T23:59:59.999Z"))).isFalse();
        assertThat(SIX_YEARS.pastRetention(march, Instant.parse("2026-03-31T00:00:00Z"))).isTrue();
        assertThat(SIX_YEARS.pastRetention(march, Instant.parse("2026-04-01T00:00:00Z"))).isTrue();
        assertThat(PlacementRules.NONE.pastRetention(march, Instant.parse("2099-01-01T00:00:00Z"))).isFalse();
        assertThat(PlacementRules.of(" ", "max-age")).isEqualTo(PlacementRules.NONE);
    }

    @Test
    void aMalformedMaxAgeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PlacementRules.of("6 years", "AUDIT_RETENTION_MAX_AGE"))
                .hasMessageContaining("AUDIT_RETENTION_MAX_AGE").hasMessageContaining("6 years");
    }

    @Test
    void anEventPastRetentionOnReceiptIsFlaggedAndFiledByReceiptTimeForGood() {
        AuditEnvelope late = receivedAt(eventAt("2019-06-10T08:00:00Z"), Instant.parse("2026-11-27T10:00:00Z"));

        AuditEnvelope filed = EventPlacement.settled(late, SIX_YEARS);

        assertThat(filed.validation().hasIssue("EVENT_PAST_RETENTION")).isTrue();
        assertThat(filed.validation().status().wireName()).isEqualTo("warning");
        assertThat(EventPlacement.placementTime(filed)).isEqualTo(late.receivedAt());
        // Decided once: settling again, or later without the rule (a replay), files it the same way.
        assertThat(EventPlacement.settled(filed, PlacementRules.NONE)).isSameAs(filed);
        assertThat(EnvelopeRecords.filing(EnvelopeRecords.producerRecord("audit.events", late, SIX_YEARS).headers()).placedAt())
                .isEqualTo(late.receivedAt());
    }

    @Test
    void anEventWithinRetentionIsFiledByItsOwnTime() {
        AuditEnvelope recent = receivedAt(eventAt("2021-06-10T08:00:00Z"), Instant.parse("2026-11-27T10:00:00Z"));

        AuditEnvelope filed = EventPlacement.settled(recent, SIX_YEARS);

        assertThat(filed).isSameAs(recent);
        assertThat(EventPlacement.placementTime(filed)).isEqualTo(Instant.parse("2021-06-10T08:00:00Z"));
    }

    private static AuditEnvelope eventAt(String time) {
        String xml = new String(Samples.read(Samples.samples("valid").get(0)), StandardCharsets.UTF_8)
                .replaceFirst("EventDateTime=\"[^\"]+\"", "EventDateTime=\"" + time + "\"");
        return EnvelopeCodecTestAccess.envelopeOf(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditEnvelope receivedAt(AuditEnvelope e, Instant at) {
        return new AuditEnvelope(e.v(), e.id(), at, e.raw(), e.rawSize(), e.transport(), e.validation(), e.event());
    }
}

package arr.indexer.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.schemas.syslog.Rfc5424Parser;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidatedMessage;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

class PurgeAlertTest {

    @Test
    void thePurgeIsAValidSecurityAlertNamingTheDeletedIndexAndItsSize() {
        byte[] message = PurgeAlert.message("arr-host", "4711", "audit-events-2010.01", 1234, "max-age P10Y");
        ValidatedMessage validated = AuditMessageValidator.withDefaults().validate(Rfc5424Parser.parse(message).msg());

        assertThat(validated.result().status().wireName()).as(validated.result().issues().toString()).isEqualTo("valid");
        var event = validated.event().orElseThrow();
        assertThat(event.eventId().code()).isEqualTo("110113");
        assertThat(event.eventTypes()).anyMatch(t -> t.code().equals("110132"));
        assertThat(event.objects()).singleElement().satisfies(o -> {
            assertThat(o.id()).isEqualTo("elasticsearch:audit-events-2010.01");
            assertThat(o.details()).anyMatch(d -> d.type().equals("Alert Description")
                    && d.text().contains("1234 documents"));
        });
    }

    @Test
    void aMaximumShorterThanTheMinimumIsRefusedAtStart() {
        assertThatThrownBy(() -> new RetentionPolicy("P6Y", "P5Y", null, null, null))
                .hasMessageContaining("max-age (P5Y) is shorter than min-age (P6Y)");
        assertThatThrownBy(() -> new RetentionPolicy("six years", null, null, null, null))
                .hasMessageContaining("arr.indexer.retention.min-age must be an ISO-8601 period");
        RetentionPolicy keepForever = new RetentionPolicy("P6Y", "", List.of(""), null, null);
        assertThat(keepForever.max()).isEmpty();
        assertThat(keepForever.min()).isEqualTo(Period.ofYears(6));
        assertThat(keepForever.holdPatients()).isEmpty();
    }

    @Test
    void monthlyIndicesEndAtTheFirstInstantOfTheNextMonth() {
        assertThat(RetentionJob.monthEnd("audit-events-2010.12")).hasValue(java.time.Instant.parse("2011-01-01T00:00:00Z"));
        assertThat(RetentionJob.monthEnd("audit-quarantine-2026.02")).hasValue(java.time.Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(RetentionJob.monthEnd("audit-checkpoints")).isEmpty();
    }
}

package arr.indexer.retention;

import static org.assertj.core.api.Assertions.assertThat;

import arr.indexer.deadletter.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadLetterRetentionTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private final DeadLetterRetention retention = new DeadLetterRetention(Set.of("audit-events-2010.01", "audit-events-2010.02"),
            Set.of("audit-events-2010.02", "audit-events-2010.03"), NOW, Period.ofYears(16), Period.ofYears(6),
            LegalHolds.of(new RetentionPolicy("P6Y", "P16Y", List.of("HELD-1"), List.of("held-src"), null)));

    private static DeadLetterPublisher.FailureRecord refused(String index, String sourceKey, String document) {
        return new DeadLetterPublisher.FailureRecord("index", "mapper_parsing_exception", "refused", "id", "audit.events", 0, 0,
                NOW, index, null, sourceKey, NOW, document.getBytes(StandardCharsets.UTF_8));
    }

    private static DeadLetterPublisher.FailureRecord undecodable(Instant received, String sourceKey) {
        return new DeadLetterPublisher.FailureRecord("decode", "unsupported-envelope", "junk", null, "audit.events", 0, 0, NOW,
                null, null, sourceKey, received, "junk".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedDocumentGoesOnlyWithAPurgedMonthThatNoLongerExistsAndNoHoldConcerns() {
        assertThat(retention.gone(refused("audit-events-2010.01", "pacs", "{}"))).isTrue();
        // Purged, but the index is back (an interrupted purge, or re-created): its chain may still need the letter.
        assertThat(retention.gone(refused("audit-events-2010.02", "pacs", "{}"))).isFalse();
        // Exists and not purged.
        assertThat(retention.gone(refused("audit-events-2010.03", "pacs", "{}"))).isFalse();
        // About a held patient, or from a held source: its month went, but this is the only copy.
        assertThat(retention.gone(refused("audit-events-2010.01", "pacs", "{\"patients\":[{\"id\":\"HELD-1\",\"cx\":\"HELD-1\"}]}")))
                .isFalse();
        assertThat(retention.gone(refused("audit-events-2010.01", "held-src", "{}"))).isFalse();
    }

    @Test
    void aRecordThatWasNoEnvelopeGoesByItsReceiptMonthUnlessAnIndexOfThatMonthIsKept() {
        assertThat(retention.gone(undecodable(Instant.parse("2010-01-20T00:00:00Z"), "peer:10.0.0.1"))).isTrue();
        // February 2010 is kept (an index of that month exists): so is what arrived then.
        assertThat(retention.gone(undecodable(Instant.parse("2010-02-20T00:00:00Z"), "peer:10.0.0.1"))).isFalse();
        // Not yet past max-age (2011.01 ends 2011-02-01; + 16 years is after NOW).
        assertThat(retention.gone(undecodable(Instant.parse("2011-01-20T00:00:00Z"), "peer:10.0.0.1"))).isFalse();
        assertThat(retention.gone(undecodable(Instant.parse("2010-01-20T00:00:00Z"), "held-src"))).isFalse();
        assertThat(retention.gone(null)).isFalse();
    }
}

package arr.indexer.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import arr.indexer.retention.LegalHolds;
import arr.indexer.retention.RetentionPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterIdentifiersTest {

    private static DeadLetterPublisher.FailureRecord failure(String stage, String sourceKey, String value) {
        return new DeadLetterPublisher.FailureRecord(stage, "cause", "reason", "id", "audit.events", 0, 0, Instant.now(),
                stage.equals("decode") ? null : "audit-events-2010.01", null, sourceKey, Instant.now(),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedDocumentIsAboutItsPatientsItsSourcesItsKeyAndWhatItsRawMessageNames() {
        String raw = Base64.getEncoder().encodeToString(("<85>1 - - - - - - <AuditMessage><ParticipantObjectIdentification "
                + "ParticipantObjectID=\"IN-RAW^^^&amp;9.9&amp;ISO\"/></AuditMessage>").getBytes(StandardCharsets.UTF_8));
        DeadLetterIdentifiers about = DeadLetterIdentifiers.of(failure("index", "pacs-1", "{\"patients\":[{\"id\":\"P7\","
                + "\"authority\":\"1.2.3\",\"cx\":\"P7^^^&1.2.3&ISO\"}],\"sources\":[{\"id\":\"pacs-1b\"}],\"sourceKey\":\"pacs-1c\","
                + "\"raw\":\"" + raw + "\",\"notMapped\":1}"));

        assertThat(about.patientIds()).containsExactlyInAnyOrder("P7", "IN-RAW");
        assertThat(about.patientCx()).containsExactlyInAnyOrder("P7^^^&1.2.3&ISO", "IN-RAW^^^&9.9&ISO");
        assertThat(about.sources()).containsExactlyInAnyOrder("pacs-1", "pacs-1b", "pacs-1c");
    }

    @Test
    void aRefusedDocumentWithItsMessageAsTextIsAboutWhatTheMessageNames() {
        String rawText = "<85>1 - - - - - - <AuditMessage><ParticipantObjectIdentification "
                + "ParticipantObjectID=\\\"AS-TEXT^^^&amp;9.9&amp;ISO\\\"/></AuditMessage>";
        DeadLetterIdentifiers about = DeadLetterIdentifiers.of(failure("index", "pacs-1", "{\"rawText\":\"" + rawText + "\"}"));

        assertThat(about.patientIds()).containsExactly("AS-TEXT");
        assertThat(about.patientCx()).containsExactly("AS-TEXT^^^&9.9&ISO");
    }

    @Test
    void aRecordThatWasNoEnvelopeIsScannedAsText() {
        DeadLetterIdentifiers about = DeadLetterIdentifiers.of(failure("decode", "peer:10.0.0.1",
                "<AuditMessage><AuditSourceIdentification AuditSourceID=\"held-src\"/>"));

        assertThat(about.sources()).containsExactlyInAnyOrder("peer:10.0.0.1", "held-src");
        assertThat(about.patientIds()).isEmpty();
    }

    @Test
    void theHoldsDecideOnTheseIdentifiersAsTheyDoInElasticsearch() {
        LegalHolds holds = LegalHolds.of(new RetentionPolicy("P6Y", "P10Y", List.of("P7^^^OTHER&4.4&ISO"), List.of("held-src"), null));

        DeadLetterIdentifiers patient = DeadLetterIdentifiers.of(failure("index", "k", "{\"patients\":[{\"id\":\"P7\",\"cx\":\"P7\"}]}"));
        DeadLetterIdentifiers source = DeadLetterIdentifiers.of(failure("decode", "held-src", null));
        DeadLetterIdentifiers neither = DeadLetterIdentifiers.of(failure("index", "k", "{\"patients\":[{\"id\":\"P8\",\"cx\":\"P8\"}]}"));

        assertThat(holds.holdsAny(patient.patientIds(), patient.patientCx(), patient.sources())).isTrue();
        assertThat(holds.holdsAny(source.patientIds(), source.patientCx(), source.sources())).isTrue();
        assertThat(holds.holdsAny(neither.patientIds(), neither.patientCx(), neither.sources())).isFalse();
    }
}

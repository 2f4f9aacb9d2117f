package arr.query.selfaudit;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.event.Patient;
import arr.schemas.selfaudit.OwnEventPublisher;
import arr.schemas.validation.AuditMessageValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SelfAuditorTest {

    private final MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final SelfAuditor auditor = new SelfAuditor(new OwnEventPublisher(kafka, "audit.events", AuditMessageValidator.withDefaults(),
            Clock.systemUTC(), Duration.ofSeconds(5)), new QueryApiAuditMessages("api.example", "4711", "urn:arr:audit-events"),
            background);

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void anExportOfManyPatientsIsRecordedAsOneReadAndAsManyExportsAsItTakesToNameEachPatientOnce() {
        List<String> patients = IntStream.range(0, 450).mapToObj(i -> "P" + i + "^^^&1.2.3&ISO").toList();

        List<AuditEnvelope> recorded = export(patients);

        assertThat(recorded).extracting(e -> e.event().eventId().code()).containsExactly("110101", "110106", "110106", "110106");
        assertThat(named(recorded)).containsExactlyElementsOf(patients);
        assertThat(recorded).allSatisfy(e -> assertThat(e.validation().status().wireName()).isEqualTo("valid"));
    }

    @Test
    void veryLongPatientIdentifiersSpreadOverMoreEventsSoNoneGrowsBeyondItsBudget() {
        List<String> patients = IntStream.range(0, 5).mapToObj(i -> i + "X".repeat(20_000)).toList();

        List<AuditEnvelope> recorded = export(patients);

        assertThat(recorded).hasSize(1 + 3);
        assertThat(named(recorded)).containsExactlyElementsOf(patients);
        // Two 20,000-character identifiers fit the 48,000-character budget, a third would not.
        assertThat(recorded.stream().skip(1).map(e -> e.event().patients().size())).containsExactly(2, 2, 1);
    }

    @Test
    void aReadAboutManyPatientsIsRecordedInPartsThatNameEachPatientOnce() {
        List<String> patients = IntStream.range(0, 450).mapToObj(i -> "P" + i).toList();

        auditor.read(new Reader("officer", "10.0.0.9"), new ReadRecord("GET /api/v1/investigations/patient-accesses",
                "patient=...", 17).about(patients));

        List<AuditEnvelope> recorded = kafka.history().stream().map(SelfAuditorTest::read).toList();
        assertThat(recorded).extracting(e -> e.event().eventId().code()).containsExactly("110101", "110101", "110101");
        assertThat(recorded.stream().flatMap(e -> e.event().patients().stream()).map(Patient::id)).containsExactlyElementsOf(patients);
        assertThat(recorded.stream().map(e -> e.event().objects().get(0).details().stream()
                .filter(d -> d.type().equals("Part")).findFirst().orElseThrow().text())).containsExactly("1/3", "2/3", "3/3");
        assertThat(recorded).allSatisfy(e -> assertThat(e.validation().status().wireName()).isEqualTo("valid"));
    }

    @Test
    void aReadAboutFewPatientsIsOneEventWithoutParts() {
        auditor.read(new Reader("officer", "10.0.0.9"), new ReadRecord("GET /api/v1/events", "patient=P1", 3).about(List.of("P1")));
        assertThat(kafka.history()).singleElement().satisfies(r -> assertThat(read(r).event().objects().get(0).details())
                .noneMatch(d -> d.type().equals("Part")));
    }

    @Test
    void anExportOfNoPatientsEventsIsOneExportNamingNone() {
        assertThat(export(List.of())).extracting(e -> e.event().eventId().code()).containsExactly("110101", "110106");
    }

    private List<AuditEnvelope> export(List<String> patients) {
        auditor.export(new Reader("officer", "10.0.0.9"), new ReadRecord("GET /api/v1/events.csv", "source=pacs", 900), patients);
        return kafka.history().stream().map(SelfAuditorTest::read).toList();
    }

    private static List<String> named(List<AuditEnvelope> recorded) {
        return recorded.stream().skip(1).flatMap(e -> e.event().patients().stream()).map(Patient::cx).toList();
    }

    /** A record as the indexer and the tests read it back (the value is the document; the envelope is in the headers). */
    private static AuditEnvelope read(org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record) {
        return EnvelopeRecords.read(new org.apache.kafka.clients.consumer.ConsumerRecord<>(record.topic(), 0, 0L,
                record.timestamp() == null ? 0L : record.timestamp(), org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                -1, -1, record.key(), record.value(), record.headers(), java.util.Optional.empty()));
    }
}

package arr.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.load.RealisticMessages;
import arr.deploy.local.Part;
import arr.deploy.local.StackPorts;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.envelope.Transport;
import arr.schemas.syslog.Rfc5424Parser;
import arr.schemas.syslog.SyslogMessage;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidatedMessage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The indexer against real Kafka and Elasticsearch: N envelopes in gives N documents, a replay adds none. */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH})
class IndexerIT {

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();

    @Test
    void everyEnvelopeIsIndexedOnceAndAReplayAddsNothing(TestStack stack) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int count = 500;
        produce(stack, tag, count);
        produce(stack, "invalid", 0);
        try (ApplicationContext indexer = start(stack, "it-" + tag)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                    assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(count));
        }
        // A second consumer group reads everything again from the start: create + 409 keeps one copy each.
        try (ApplicationContext replay = start(stack, "it-replay-" + tag)) {
            Thread.sleep(8_000);
            assertThat(countTagged(stack, "audit-events", tag)).isEqualTo(count);
        }
        search(stack, "/audit-quarantine/_refresh");
        String quarantined = search(stack, "/audit-quarantine/_count");
        assertThat(Long.parseLong(quarantined.replaceAll(".*\"count\":(\\d+).*", "$1"))).as(quarantined).isGreaterThanOrEqualTo(1);
    }

    private static ApplicationContext start(TestStack stack, String group) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", StackPorts.free().indexerManagement(),
                "arr.indexer.bootstrap", stack.kafkaBootstrap(),
                "arr.indexer.elasticsearch-url", stack.elasticsearchUrl(),
                "arr.indexer.group-id", group)).getApplicationContext();
    }

    private static void produce(TestStack stack, String tag, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        RealisticMessages messages = new RealisticMessages(42, 1000, 100);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                byte[] frame = new String(messages.next(OffsetDateTime.now(ZoneOffset.UTC)), StandardCharsets.UTF_8)
                        .replace("Hospital-1", "site-" + tag).getBytes(StandardCharsets.UTF_8);
                AuditEnvelope envelope = envelope(frame);
                producer.send(new ProducerRecord<>("audit.events", envelope.kafkaKey(), EnvelopeCodec.encode(envelope)));
            }
            if (count == 0) {
                AuditEnvelope junk = envelope("<85>1 - - - - - not xml".getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>("audit.events", junk.kafkaKey(), EnvelopeCodec.encode(junk)));
            }
            producer.flush();
        }
    }

    private static AuditEnvelope envelope(byte[] frame) {
        SyslogMessage syslog = Rfc5424Parser.parse(frame);
        ValidatedMessage validated = VALIDATOR.validate(syslog.msg());
        return new AuditEnvelope(AuditEnvelope.VERSION, UUID.randomUUID(), Instant.now(), frame, frame.length,
                new Transport(Transport.TCP, "10.0.0.1", 5000, null, syslog.header(), syslog.msgOffset()),
                validated.result(), validated.event().orElse(null));
    }

    private static long countTagged(TestStack stack, String index, String tag) throws Exception {
        search(stack, "/" + index + "/_refresh");
        String body = post(stack, "/" + index + "/_count", "{\"query\":{\"term\":{\"sources.site\":\"site-" + tag + "\"}}}");
        return Long.parseLong(body.replaceAll(".*\"count\":(\\d+).*", "$1"));
    }

    private static String search(TestStack stack, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.elasticsearchUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String post(TestStack stack, String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.elasticsearchUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}

package arr.indexer;

import arr.deploy.load.RealisticMessages;
import arr.deploy.local.CheckpointKeyPair;
import arr.deploy.local.StackPorts;
import arr.deploy.testing.TestStack;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.envelope.EnvelopeRecords;
import arr.schemas.envelope.Transport;
import arr.schemas.syslog.Rfc5424Parser;
import arr.schemas.syslog.SyslogMessage;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.ValidatedMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the indexer's integration tests share: envelopes as the collector makes them, an indexer started in this
 * JVM or as its own process, the one checkpoint key pair of the module, and plain HTTP to Elasticsearch. Each test
 * writes events into a month of its own, so that verifying one month never sees another test's tampering.
 */
final class IndexerTestSupport {

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();
    static final CheckpointKeyPair KEYS = new CheckpointKeyPair(Path.of("target", "it-checkpoint-keys").toAbsolutePath());

    static {
        KEYS.ensure();
    }

    private IndexerTestSupport() {
    }

    static Map<String, Object> indexerSettings(TestStack stack, String group) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("micronaut.server.port", StackPorts.free().indexerManagement());
        settings.put("arr.indexer.bootstrap", stack.kafkaBootstrap());
        settings.put("arr.indexer.elasticsearch-url", stack.elasticsearchUrl());
        settings.put("arr.indexer.group-id", group);
        settings.put("arr.indexer.checkpoint-interval", "1s");
        settings.put("arr.indexer.checkpoint-key", KEYS.privateKey().toString());
        settings.put("arr.indexer.checkpoint-public-key", KEYS.publicKey().toString());
        return settings;
    }

    static ApplicationContext startIndexer(TestStack stack, String group) {
        return startIndexer(indexerSettings(stack, group));
    }

    static ApplicationContext startIndexer(Map<String, Object> settings) {
        return ApplicationContext.run(EmbeddedServer.class, settings).getApplicationContext();
    }

    /** Sends {@code count} envelopes whose source site is {@code site-<tag>} and whose events happen at {@code eventTime}. */
    static void produce(TestStack stack, String tag, int count, OffsetDateTime eventTime) {
        produce(stack, tag, count, eventTime, xml -> xml);
    }

    /** As above, with each message's text changed by {@code edit} first. */
    static void produce(TestStack stack, String tag, int count, OffsetDateTime eventTime, UnaryOperator<String> edit) {
        produce(stack, tag, count, eventTime, edit, IndexerTestSupport::send);
    }

    /** As above, each record written in the form {@code send} gives it (this version's, or version 1's). */
    static void produce(TestStack stack, String tag, int count, OffsetDateTime eventTime, UnaryOperator<String> edit,
                        java.util.function.BiConsumer<KafkaProducer<String, byte[]>, AuditEnvelope> send) {
        RealisticMessages messages = new RealisticMessages(tag.hashCode(), 1000, 100);
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (int i = 0; i < count; i++) {
                byte[] frame = edit.apply(new String(messages.next(eventTime.plusSeconds(i)), StandardCharsets.UTF_8)
                        .replace("Hospital-1", "site-" + tag)).getBytes(StandardCharsets.UTF_8);
                send.accept(producer, envelope(frame));
            }
            producer.flush();
        }
    }

    /** As the collector publishes it now (version 2: the document, filed by its headers). */
    static void send(KafkaProducer<String, byte[]> producer, AuditEnvelope envelope) {
        producer.send(EnvelopeRecords.producerRecord("audit.events", envelope));
    }

    /**
     * As collectors and query APIs of document schema 5 and 6 published it (version 4): the document without the
     * objects' types and roles.
     */
    static void sendAsVersion4(KafkaProducer<String, byte[]> producer, AuditEnvelope envelope) {
        ProducerRecord<String, byte[]> current = EnvelopeRecords.producerRecord("audit.events", envelope);
        com.fasterxml.jackson.databind.node.ObjectNode document = arr.indexer.transform.OlderDocuments.objectIdsOnly(
                (com.fasterxml.jackson.databind.node.ObjectNode) arr.schemas.chain.CanonicalJson.parse(current.value()));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("audit.events", null, current.timestamp(), current.key(),
                arr.schemas.chain.CanonicalJson.of(document), current.headers());
        record.headers().remove(EnvelopeRecords.VERSION_HEADER);
        record.headers().add(EnvelopeRecords.VERSION_HEADER, Integer.toString(AuditEnvelope.SCHEMA_6_DOCUMENT_VERSION)
                .getBytes(StandardCharsets.US_ASCII));
        producer.send(record);
    }

    /** As collectors before version 2 published it: a JSON envelope with only the ID header. */
    static void sendAsVersion1(KafkaProducer<String, byte[]> producer, AuditEnvelope envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("audit.events", null, envelope.receivedAt().toEpochMilli(),
                envelope.kafkaKey(), EnvelopeCodec.encode(envelope));
        record.headers().add(AuditEnvelope.ID_HEADER, envelope.id().toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    static KafkaProducer<String, byte[]> producer(TestStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    static AuditEnvelope envelope(byte[] frame) {
        return envelope(frame, "10.0.0.1");
    }

    static AuditEnvelope envelope(byte[] frame, String peer) {
        SyslogMessage syslog = Rfc5424Parser.parse(frame);
        ValidatedMessage validated = VALIDATOR.validate(syslog.msg());
        return new AuditEnvelope(AuditEnvelope.VERSION, UUID.randomUUID(), Instant.now(), frame, frame.length,
                new Transport(Transport.TCP, peer, 5000, null, syslog.header(), syslog.msgOffset()),
                validated.result(), validated.event().orElse(null));
    }

    static long countTagged(TestStack stack, String index, String tag) throws Exception {
        http(stack, "POST", "/" + index + "/_refresh", null);
        JsonNode body = json(http(stack, "POST", "/" + index + "/_count?ignore_unavailable=true",
                "{\"query\":{\"term\":{\"sources.site\":\"site-" + tag + "\"}}}"));
        return body.path("count").asLong();
    }

    static String http(TestStack stack, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.elasticsearchUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static JsonNode json(String body) throws Exception {
        return EnvelopeCodec.mapper().readTree(body);
    }

    /** The group's members as its coordinator sees them: none once every indexer of the group has stopped. */
    static Collection<MemberDescription> groupMembers(TestStack stack, String group) throws Exception {
        try (Admin admin = admin(stack)) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
        }
    }

    /** The group's committed next offset per partition of {@code audit.events}. */
    static Map<Integer, Long> committedOffsets(TestStack stack, String group) throws Exception {
        try (Admin admin = admin(stack)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals("audit.events") && e.getValue() != null)
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        }
    }

    /** The highest Kafka offset per partition among the documents of sources {@code site-<tag>}, from their chain links. */
    static Map<Integer, Long> lastIndexedOffsets(TestStack stack, String index, String tag) throws Exception {
        http(stack, "POST", "/" + index + "/_refresh", null);
        JsonNode hits = json(http(stack, "POST", "/" + index + "/_search?ignore_unavailable=true", "{\"size\":1000,"
                + "\"_source\":[\"chain.partition\",\"chain.offset\"],\"query\":{\"term\":{\"sources.site\":\"site-" + tag + "\"}}}"))
                .path("hits").path("hits");
        Map<Integer, Long> last = new HashMap<>();
        hits.forEach(hit -> last.merge(hit.path("_source").path("chain").path("partition").asInt(),
                hit.path("_source").path("chain").path("offset").asLong(), Math::max));
        return last;
    }

    static Admin admin(TestStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
    }

    /** Commits the group's offsets at the topic's current end, so that it reads only what this test sends. */
    static void startAtTheEnd(TestStack stack, String group) throws Exception {
        try (Admin admin = admin(stack)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of("audit.events")).allTopicNames().get().get("audit.events").partitions()
                    .forEach(p -> latest.put(new TopicPartition("audit.events", p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, end).all().get();
        }
    }
}

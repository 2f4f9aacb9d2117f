package arr.indexer.reconcile;

import arr.indexer.deadletter.DeadLetterLedger;
import arr.indexer.deadletter.DeadLetterPublisher.FailureRecord;
import arr.schemas.envelope.AuditEnvelope;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Balances the books per audit source over a receipt-time range: envelopes published to {@code audit.events}
 * (record timestamps are receipt times; envelopes counted once by their ID header) against event documents,
 * quarantined documents and dead letters. Meaningful while Kafka still holds the range (30 days by default).
 */
public final class Reconciler {

    /**
     * Records may reach Kafka a little after records received later than them (a publisher's retries): the scan
     * goes on this long past the range. It needs no margin before the range: Kafka finds the earliest offset
     * whose timestamp is at or after the start, so no record before that offset belongs to the range.
     */
    private static final Duration SLACK = Duration.ofMinutes(5);

    private final Supplier<Consumer<String, Void>> groupConsumers;
    private final String topic;
    private final ElasticsearchClient client;
    private final Supplier<DeadLetterLedger> deadLetters;
    private final String eventIndices;
    private final String quarantineIndices;

    /**
     * @param groupConsumers consumers configured with the indexer's group ID (only to read its committed offsets;
     *                       they never join the group) that skip record values ({@link SkippedValue})
     */
    public Reconciler(Supplier<Consumer<String, Void>> groupConsumers, String topic, ElasticsearchClient client,
                      Supplier<DeadLetterLedger> deadLetters) {
        this(groupConsumers, topic, client, deadLetters, "audit-events-*", "audit-quarantine-*");
    }

    /** As above, counting documents in the given index patterns (tests use patterns no index matches yet). */
    public Reconciler(Supplier<Consumer<String, Void>> groupConsumers, String topic, ElasticsearchClient client,
                      Supplier<DeadLetterLedger> deadLetters, String eventIndices, String quarantineIndices) {
        this.groupConsumers = groupConsumers;
        this.topic = topic;
        this.client = client;
        this.deadLetters = deadLetters;
        this.eventIndices = eventIndices;
        this.quarantineIndices = quarantineIndices;
    }

    /** The books of every source seen in the range, by source key (AuditSourceID or {@code peer:<address>}). */
    public Map<String, Reconciliation> reconcile(Instant from, Instant to) throws IOException {
        Map<String, EnvelopeIdSet> published = new HashMap<>();
        Map<String, Long> pending = new HashMap<>();
        scanKafka(from, to, published, pending);
        Map<String, Long> indexed = countBySource(eventIndices, from, to);
        Map<String, Long> quarantined = countBySource(quarantineIndices, from, to);
        // Dead-lettered envelopes, not dead letters: a retried envelope Elasticsearch refuses twice is two dead letters
        // of one published envelope (published counts envelope IDs), and counted twice it unbalanced the books by one.
        Map<String, Set<String>> deadEnvelopes = new HashMap<>();
        for (FailureRecord failure : deadLetters.get().all()) {
            if (failure.receivedAt() != null && !failure.receivedAt().isBefore(from) && failure.receivedAt().isBefore(to)
                    && "audit.events".equals(failure.sourceTopic())
                    // A second copy of an envelope is one published envelope, already counted as indexed.
                    && !"duplicate".equals(failure.stage())) {
                deadEnvelopes.computeIfAbsent(String.valueOf(failure.sourceKey()), k -> new HashSet<>())
                        .add(failure.envelopeId() != null ? failure.envelopeId()
                                : failure.sourcePartition() + "@" + failure.sourceOffset());
            }
        }
        Map<String, Long> dead = new HashMap<>();
        deadEnvelopes.forEach((source, ids) -> dead.put(source, (long) ids.size()));
        Set<String> sources = new HashSet<>(published.keySet());
        sources.addAll(indexed.keySet());
        sources.addAll(quarantined.keySet());
        sources.addAll(dead.keySet());
        Map<String, Reconciliation> books = new HashMap<>();
        for (String source : sources) {
            EnvelopeIdSet ids = published.get(source);
            books.put(source, new Reconciliation(ids == null ? 0 : ids.size(), indexed.getOrDefault(source, 0L),
                    quarantined.getOrDefault(source, 0L), dead.getOrDefault(source, 0L), pending.getOrDefault(source, 0L)));
        }
        return books;
    }

    public static Reconciliation total(Map<String, Reconciliation> books) {
        return books.values().stream().reduce(Reconciliation.NONE, Reconciliation::plus);
    }

    private void scanKafka(Instant from, Instant to, Map<String, EnvelopeIdSet> published, Map<String, Long> pending) {
        try (Consumer<String, Void> consumer = groupConsumers.get()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), Duration.ofSeconds(30));
            Map<TopicPartition, Long> starts = new HashMap<>();
            partitions.forEach(p -> starts.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(starts, Duration.ofSeconds(30));
            Set<TopicPartition> open = new HashSet<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = start.get(p);
                if (at != null && at.offset() < end.get(p)) {
                    consumer.seek(p, at.offset());
                    open.add(p);
                }
            }
            consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());
            long stopAfter = to.plus(SLACK).toEpochMilli();
            while (!open.isEmpty()) {
                ConsumerRecords<String, Void> polled = consumer.poll(Duration.ofMillis(500));
                for (TopicPartition p : polled.partitions()) {
                    OffsetAndMetadata done = committed.get(p);
                    for (ConsumerRecord<String, Void> record : polled.records(p)) {
                        if (!open.contains(p)) {
                            break;
                        }
                        if (record.timestamp() >= from.toEpochMilli() && record.timestamp() < to.toEpochMilli()) {
                            String source = String.valueOf(record.key());
                            EnvelopeIdSet ids = published.computeIfAbsent(source, s -> new EnvelopeIdSet());
                            Header id = record.headers().lastHeader(AuditEnvelope.ID_HEADER);
                            if (id == null) {
                                ids.add(record.partition() + "@" + record.offset());
                            } else {
                                ids.add(id.value());
                            }
                            if (done == null || record.offset() >= done.offset()) {
                                pending.merge(source, 1L, Long::sum);
                            }
                        }
                        if (record.offset() >= end.get(p) - 1 || record.timestamp() > stopAfter) {
                            open.remove(p);
                            consumer.pause(List.of(p));
                        }
                    }
                }
            }
        }
    }

    private Map<String, Long> countBySource(String indices, Instant from, Instant to) throws IOException {
        SearchResponse<Void> response = client.search(s -> s.index(indices).ignoreUnavailable(true).allowNoIndices(true)
                .size(0).trackTotalHits(t -> t.enabled(true))
                .query(q -> q.range(r -> r.date(d -> d.field("receivedAt").gte(from.toString()).lt(to.toString()))))
                .aggregations("sources", a -> a.terms(t -> t.field("sourceKey").size(65_536))), Void.class);
        Map<String, Long> counts = new HashMap<>();
        Aggregate sources = response.aggregations().get("sources");
        if (sources == null) {
            // No index matches the pattern yet (no message has been quarantined so far): Elasticsearch then answers
            // without aggregations, which means zero documents, not a failed reconciliation.
            return counts;
        }
        for (StringTermsBucket bucket : sources.sterms().buckets().array()) {
            counts.put(bucket.key().stringValue(), bucket.docCount());
        }
        return counts;
    }
}

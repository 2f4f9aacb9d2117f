package arr.indexer.verify;

import arr.indexer.chain.ChainKey;
import arr.indexer.checkpoint.Anchors;
import arr.indexer.checkpoint.Checkpoint;
import arr.indexer.checkpoint.CheckpointKeys;
import arr.indexer.checkpoint.CheckpointStore;
import arr.indexer.deadletter.DeadLetterLedger;
import arr.indexer.deadletter.DeadLetterPublisher.FailureRecord;
import arr.indexer.verify.Finding.Kind;
import arr.schemas.chain.ChainHashes;
import arr.schemas.chain.ChainedDocuments;
import arr.schemas.index.ChainLink;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Re-walks the chains of the monthly indices that overlap a time range and reports every document that was
 * modified, deleted or inserted. Each chain (index, partition) is walked in sequence order: every document's
 * hash is recomputed from its stored content and raw bytes, every link must point at the previous document's
 * hash, every missing position must be a dead letter, and every signed checkpoint must match the stored
 * document at its position (which catches a chain rebuilt from a forged point on, and deletions at the tail).
 * Whole indices are compared with the checkpoints too: one gone without a signed purge record is reported.
 */
public final class ChainVerifier {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");
    private static final int PAGE = 1000;

    private final ElasticsearchClient client;
    private final CheckpointStore checkpoints;
    private final DeadLetterLedger deadLetters;
    private final PublicKey key;
    private final Supplier<Map<Integer, Long>> logEnd;
    private final Function<Predicate<Checkpoint>, Anchors> anchors;
    private final IndexerProgress progress;
    private Map<Integer, Long> knownEnds;
    /** The indexer's committed offsets when the current walk began; empty when unknown. */
    private Map<Integer, Long> committedAtStart = Map.of();
    /** Per partition, the highest offset of a document (or dead letter) following a gap the indexer may still fill. */
    private final Map<Integer, Long> awaited = new TreeMap<>();
    private final List<Claim> claims = new ArrayList<>();
    /** What the signed checkpoint rounds vouch for: in each stretch, every chain is checkpointed at its last link below its end. */
    private final RoundCoverage vouched = new RoundCoverage();

    /**
     * @param logEnd reads the end offset of each partition of {@code audit.events} from Kafka (no document can claim
     *               an offset at or past it); an empty map when unknown
     */
    public ChainVerifier(ElasticsearchClient client, CheckpointStore checkpoints, DeadLetterLedger deadLetters, PublicKey key,
                         Supplier<Map<Integer, Long>> logEnd) {
        this(client, checkpoints, deadLetters, key, logEnd, null);
    }

    /**
     * @param anchors reads the anchor topic, keeping the records the given test finds genuine (read before
     *                Elasticsearch: the indexer anchors a checkpoint only after Elasticsearch stored it); null to leave
     *                the anchors unchecked
     */
    public ChainVerifier(ElasticsearchClient client, CheckpointStore checkpoints, DeadLetterLedger deadLetters, PublicKey key,
                         Supplier<Map<Integer, Long>> logEnd, Function<Predicate<Checkpoint>, Anchors> anchors) {
        this(client, checkpoints, deadLetters, key, logEnd, anchors, IndexerProgress.UNKNOWN);
    }

    /**
     * @param progress the indexer group's committed offsets, to tell a gap the indexer has not filled yet (a bulk
     *                 request still retrying) from a deletion, and how long to wait for it
     */
    public ChainVerifier(ElasticsearchClient client, CheckpointStore checkpoints, DeadLetterLedger deadLetters, PublicKey key,
                         Supplier<Map<Integer, Long>> logEnd, Function<Predicate<Checkpoint>, Anchors> anchors,
                         IndexerProgress progress) {
        this.progress = progress;
        this.anchors = anchors;
        this.client = client;
        this.checkpoints = checkpoints;
        this.deadLetters = deadLetters;
        this.key = key;
        this.logEnd = logEnd;
    }

    /** @param from first instant of the range, or null; @param to last instant, or null. Whole months are verified. */
    public VerificationReport verify(Instant from, Instant to) throws IOException {
        VerificationReport report = walkOnce(from, to);
        // A live indexer acknowledges bulk requests out of order (two in flight, retries while Elasticsearch answers
        // 429 or 503): a gap followed by documents past its committed offset may still fill. Wait for the indexer to
        // commit past them, then walk again; what it does not fill in time stays UNSETTLED, never INTACT.
        boolean unsettled = report.failures().stream().anyMatch(f -> f.kind() == Kind.UNSETTLED);
        if (unsettled) {
            awaitCommitPast(Map.copyOf(awaited));
        }
        // A live indexer can also dead-letter a record after this walk read the ledger and index its successors before
        // the walk reaches them: the record's position then looks deleted. Read what the ledger gained and, when it
        // gained anything, walk once more; a gap it still does not explain is a deletion.
        boolean gap = unsettled || report.failures().stream().anyMatch(f -> f.kind() == Kind.DELETED);
        boolean ledgerGained = gap && deadLetters.catchUp() > 0;
        if (unsettled || ledgerGained) {
            report = walkOnce(from, to);
        }
        return report;
    }

    /** Waits, at most the progress's patience, until the indexer has committed past each partition's awaited offset. */
    private void awaitCommitPast(Map<Integer, Long> offsets) throws IOException {
        long deadline = System.nanoTime() + progress.patience().toNanos();
        while (true) {
            Map<Integer, Long> committed = progress.committed().get();
            boolean passed = offsets.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), -1L) > e.getValue());
            if (passed || System.nanoTime() - deadline >= 0) {
                return;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the indexer", e);
            }
        }
    }

    private VerificationReport walkOnce(Instant from, Instant to) throws IOException {
        VerificationReport report = new VerificationReport();
        knownEnds = null;
        claims.clear();
        awaited.clear();
        // Before the walk: a gap behind a document the indexer had committed past when the walk began was acknowledged
        // by Elasticsearch before anything was read, so it cannot be a request still in flight.
        committedAtStart = progress.committed().get();
        String keyId = CheckpointKeys.keyId(key);
        Map<String, Map<Integer, TreeMap<Long, Checkpoint>>> heads = new TreeMap<>();
        Map<String, Checkpoint> purges = new HashMap<>();
        vouched.clear();
        Anchors anchored = anchors == null ? null : anchors.apply(c -> signedByKey(c, keyId));
        // Rounds first: each was written after the checkpoints it vouches for, so those are in what is read next.
        checkpoints.latestRounds().forEach((partition, starts) -> starts.forEach((start, newest) -> {
            for (Checkpoint round : newest) {
                if (signedByKey(round, keyId)) {
                    vouched.add(partition, round.coveredFrom(), round.offset());
                    return;
                }
                report.add(new Finding(Kind.CHECKPOINT_MISMATCH, "(round)", partition, -1, "checkpoint round " + round.id()
                        + " is not signed by key " + keyId + " (signed by " + round.keyId() + ")"));
            }
        }));
        for (Checkpoint c : checkpoints.readAll()) {
            if (!signedByKey(c, keyId)) {
                // Reported with the month it speaks for.
                if (c.index() != null && !overlaps(c.index(), from, to)) {
                    continue;
                }
                report.add(new Finding(Kind.CHECKPOINT_MISMATCH, c.index() == null ? "(" + c.type() + ")" : c.index(),
                        c.partition() == null ? -1 : c.partition(),
                        c.sequence() == null ? -1 : c.sequence(), "checkpoint " + c.id() + " is not signed by key " + keyId
                        + " (signed by " + c.keyId() + ")"));
                continue;
            }
            report.countCheckpoint();
            if (Checkpoint.PURGE.equals(c.type())) {
                purges.put(c.index(), c);
            } else {
                heads.computeIfAbsent(c.index(), i -> new TreeMap<>())
                        .computeIfAbsent(c.partition(), p -> new TreeMap<>()).put(c.sequence(), c);
            }
        }
        if (anchored != null) {
            compareWithAnchors(anchored, heads, purges, from, to, keyId, report);
        }
        TreeSet<String> indices = new TreeSet<>(existingIndices());
        checkReadAliases(from, to, report);
        TreeSet<String> all = new TreeSet<>(indices);
        all.addAll(heads.keySet());
        all.addAll(purges.keySet());
        deadLetters.all().stream().map(FailureRecord::index).filter(i -> i != null).forEach(all::add);
        for (String index : all) {
            if (!overlaps(index, from, to)) {
                continue;
            }
            report.countIndex();
            Map<Integer, TreeMap<Long, Checkpoint>> indexHeads = heads.getOrDefault(index, Map.of());
            if (!indices.contains(index)) {
                Checkpoint purge = purges.get(index);
                if (purge != null) {
                    report.add(new Finding(Kind.PURGED, index, -1, -1, purge.documents() + " documents deleted at "
                            + purge.createdAt() + ": " + purge.reason()));
                } else if (!indexHeads.isEmpty()) {
                    long documents = indexHeads.values().stream().mapToLong(m -> m.lastKey()).sum();
                    report.add(new Finding(Kind.INDEX_DELETED, index, -1, -1, "the index is gone; its checkpoints cover "
                            + documents + " documents and no signed purge record exists"));
                }
                continue;
            }
            walk(index, indexHeads, report);
        }
        settleClaims(report);
        return report;
    }

    /**
     * Holds {@code audit-checkpoints} against the copies in the anchor topic. Each anchored checkpoint, round or purge
     * record Elasticsearch no longer has is reported, and is used in its place: the walk then reports the documents
     * deleted with it, and a month deleted together with all its checkpoints.
     */
    private void compareWithAnchors(Anchors anchored, Map<String, Map<Integer, TreeMap<Long, Checkpoint>>> heads,
                                    Map<String, Checkpoint> purges, Instant from, Instant to, String keyId,
                                    VerificationReport report) {
        if (!anchored.topicExists()) {
            // The indexer creates the topic when it starts: checkpoints without it mean it was deleted, or that this
            // verify reads another topic than the indexer writes.
            if (!heads.isEmpty() || !purges.isEmpty() || !vouched.isEmpty()) {
                report.add(new Finding(Kind.CHECKPOINT_DELETED, "(anchors)", -1, -1, "the anchor topic does not exist although "
                        + CheckpointStore.INDEX + " holds checkpoints: it was deleted, or AUDIT_ANCHOR_TOPIC names another "
                        + "topic than the indexer writes"));
            }
            report.anchors(-1);
            return;
        }
        int compared = 0;
        for (Checkpoint forged : anchored.unsigned()) {
            if (forged.index() == null || overlaps(forged.index(), from, to)) {
                report.add(new Finding(Kind.CHECKPOINT_MISMATCH, "(anchor)", forged.partition() == null ? -1 : forged.partition(), -1,
                        "anchor record " + (forged.type() == null ? forged.reason() : forged.id() + " is not signed by key "
                                + keyId + " (signed by " + forged.keyId() + ")")));
            }
        }
        for (Checkpoint anchor : anchored.all()) {
            switch (anchor.type()) {
                case Checkpoint.ROUND -> {
                    compared++;
                    long stored = vouched.end(anchor.partition(), anchor.coveredFrom());
                    if (anchor.offset() > stored) {
                        report.add(new Finding(Kind.CHECKPOINT_DELETED, "(round)", anchor.partition(), -1, "round " + anchor.id()
                                + " of " + anchor.createdAt() + " is anchored in Kafka but missing from " + CheckpointStore.INDEX
                                + (stored < 0 ? " (which has no round of this partition from offset " + anchor.coveredFrom() + ")"
                                : " (whose newest round of this partition from offset " + anchor.coveredFrom() + " ends at " + stored + ")")));
                        vouched.add(anchor.partition(), anchor.coveredFrom(), anchor.offset());
                    }
                }
                case Checkpoint.PURGE -> {
                    if (!overlaps(anchor.index(), from, to)) {
                        continue;
                    }
                    compared++;
                    if (!purges.containsKey(anchor.index())) {
                        report.add(new Finding(Kind.CHECKPOINT_DELETED, anchor.index(), -1, -1, "the purge record of "
                                + anchor.createdAt() + " is anchored in Kafka but missing from " + CheckpointStore.INDEX));
                        purges.put(anchor.index(), anchor);
                    }
                }
                default -> {
                    if (!overlaps(anchor.index(), from, to)) {
                        continue;
                    }
                    compared++;
                    TreeMap<Long, Checkpoint> chain = heads.computeIfAbsent(anchor.index(), i -> new TreeMap<>())
                            .computeIfAbsent(anchor.partition(), p -> new TreeMap<>());
                    long stored = chain.isEmpty() ? 0 : chain.lastKey();
                    if (anchor.sequence() > stored) {
                        report.add(new Finding(Kind.CHECKPOINT_DELETED, anchor.index(), anchor.partition(), anchor.sequence(),
                                "the chain's checkpoint of " + anchor.createdAt() + " is anchored in Kafka, but " + CheckpointStore.INDEX
                                        + " holds no checkpoint of this chain that verifies at or beyond it (the newest that does: sequence "
                                        + stored + ")"));
                        chain.put(anchor.sequence(), anchor);
                    }
                }
            }
        }
        report.anchors(compared);
    }

    /**
     * Whether an offset lies at or past the end of its partition (or in a partition the topic does not have) as Kafka
     * reported it when first asked. Such a document is only a claim until the end: a live indexer keeps adding
     * documents while the months are walked, so the ends are read once more after the walk (see {@link #settleClaims}).
     */
    private boolean pastSnapshot(int partition, long offset) {
        if (knownEnds == null) {
            knownEnds = logEnd.get();
        }
        return beyond(knownEnds, partition, offset);
    }

    /** Reports the documents still past the end of their partition now that every month has been walked. */
    private void settleClaims(VerificationReport report) {
        if (claims.isEmpty()) {
            return;
        }
        Map<Integer, Long> ends = logEnd.get();
        claims.stream().filter(c -> beyond(ends, c.partition(), c.offset())).forEach(c -> report.add(c.finding()));
        claims.clear();
    }

    /** A document whose offset was past its partition's end when first checked. */
    private record Claim(int partition, long offset, Finding finding) {
    }

    private static boolean beyond(Map<Integer, Long> ends, int partition, long offset) {
        if (ends.isEmpty()) {
            return false;
        }
        Long end = ends.get(partition);
        return end == null || offset >= end;
    }

    private boolean signedByKey(Checkpoint c, String keyId) {
        return keyId.equals(c.keyId()) && c.signature() != null && CheckpointKeys.verify(key, c.signedText(), c.signature());
    }

    private void walk(String index, Map<Integer, TreeMap<Long, Checkpoint>> indexHeads, VerificationReport report) throws IOException {
        client.indices().refresh(r -> r.index(index));
        Map<Integer, ChainWalk> walks = new TreeMap<>();
        List<FieldValue> after = null;
        // On a point in time, with Elasticsearch's own tiebreaker last: paged by search_after on (partition, sequence, id)
        // alone, a second document with the same three values as the last of a page (a forgery at a taken position)
        // sorted right after it and was skipped by the next page, so the walk never saw it.
        String pit = client.openPointInTime(r -> r.index(index).keepAlive(k -> k.time("5m"))).id();
        try {
            while (true) {
                List<FieldValue> searchAfter = after;
                String pitId = pit;
                SearchResponse<JsonNode> page = client.search(s -> {
                    s.pit(p -> p.id(pitId).keepAlive(k -> k.time("5m"))).size(PAGE)
                            .sort(o -> o.field(f -> f.field("chain.partition").order(SortOrder.Asc).missing("_last")
                                    .unmappedType(FieldType.Long)))
                            .sort(o -> o.field(f -> f.field("chain.sequence").order(SortOrder.Asc).missing("_last")
                                    .unmappedType(FieldType.Long)))
                            .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc).unmappedType(FieldType.Keyword)))
                            .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, JsonNode.class);
                if (page.pitId() != null) {
                    pit = page.pitId();
                }
                if (!walkPage(index, page.hits().hits(), walks, indexHeads, report)) {
                    break;
                }
                after = page.hits().hits().get(page.hits().hits().size() - 1).sort();
            }
        } finally {
            String pitId = pit;
            try {
                client.closePointInTime(r -> r.id(pitId));
            } catch (IOException | RuntimeException e) {
                // It expires by itself.
            }
        }
        // Chains known only from their checkpoints: every document of theirs is gone.
        indexHeads.keySet().forEach(p -> walks.computeIfAbsent(p, q -> newWalk(index, q, indexHeads, report)));
        walks.values().forEach(ChainWalk::finish);
    }

    /** Walks one page's documents; whether a full page came, so that another may follow. */
    private boolean walkPage(String index, List<Hit<JsonNode>> hits, Map<Integer, ChainWalk> walks,
                             Map<Integer, TreeMap<Long, Checkpoint>> indexHeads, VerificationReport report) {
        for (Hit<JsonNode> hit : hits) {
            report.countDocument();
            ChainedDocuments.Unpacked doc = ChainedDocuments.unpack(hit.source());
            ChainLink link = doc.link();
            if (link == null || link.partition() < 0 || link.sequence() < 1) {
                report.add(new Finding(Kind.INSERTED, index, -1, -1, "document " + hit.id() + " carries no chain link"));
                continue;
            }
            walks.computeIfAbsent(link.partition(), p -> newWalk(index, p, indexHeads, report)).accept(hit.id(), doc, link);
        }
        return hits.size() == PAGE;
    }

    private ChainWalk newWalk(String index, int partition, Map<Integer, TreeMap<Long, Checkpoint>> indexHeads,
                              VerificationReport report) {
        report.countChain();
        return new ChainWalk(index, partition, indexHeads.getOrDefault(partition, new TreeMap<>()),
                deadLetters.bySequence(new ChainKey(index, partition)), offset -> vouched.vouchingFor(partition, offset),
                offset -> pastSnapshot(partition, offset), (offset, finding) -> claims.add(new Claim(partition, offset, finding)),
                offset -> mayBeInFlight(partition, offset), report);
    }

    /**
     * Whether records before {@code offset} may not be acknowledged yet: the indexer commits an offset only once
     * Elasticsearch (or the dead-letter topic) took every record below it, so only a gap before a document at or past
     * the committed offset can still be a request in flight. A partition the group never committed counts as
     * settled: nothing says a bulk request of it is pending (and a wrong group name must not turn deletions into waits).
     */
    private boolean mayBeInFlight(int partition, long offset) {
        Long committed = committedAtStart.get(partition);
        if (committed == null || offset < committed) {
            return false;
        }
        awaited.merge(partition, offset, Math::max);
        return true;
    }

    private static final java.util.regex.Pattern MONTHLY = java.util.regex.Pattern.compile("audit-(events|quarantine)-\\d{4}\\.\\d{2}");

    /**
     * The API searches the read aliases, not the indices: a month taken out of its alias, an alias given a filter or a
     * routing (hiding part of a month), or another index added to it (forged events beside the chain) changes what every
     * search answers while each chain is intact. So each monthly index in range must be in its alias, unfiltered, and
     * nothing else may be.
     */
    private void checkReadAliases(Instant from, Instant to, VerificationReport report) throws IOException {
        client.indices().get(g -> g.index("audit-events-*", "audit-quarantine-*").ignoreUnavailable(true).allowNoIndices(true))
                .indices().forEach((index, state) -> {
                    if (!MONTHLY.matcher(index).matches() || !overlaps(index, from, to)) {
                        return;
                    }
                    String alias = index.startsWith("audit-events-") ? "audit-events" : "audit-quarantine";
                    var entry = state.aliases().get(alias);
                    if (entry == null) {
                        report.add(new Finding(Kind.ALIAS_CHANGED, index, -1, -1, "the index is not in the read alias " + alias
                                + ": the API does not search it"));
                    } else if (entry.filter() != null || entry.routing() != null || entry.searchRouting() != null) {
                        report.add(new Finding(Kind.ALIAS_CHANGED, index, -1, -1, "the read alias " + alias + " has a filter or a "
                                + "routing on this index: the API sees only part of it"));
                    }
                });
        // Every index's aliases, not those two names: asked by name, Elasticsearch answers 404 as soon as one of them does
        // not exist yet (no quarantined message so far), and the other's indices would go unchecked.
        // And each alias holds its own kind of month only: a quarantine month in audit-events would serve messages that
        // could not be read as events.
        client.indices().getAlias().aliases().forEach((index, aliases) -> {
            List<String> foreign = aliases.aliases().keySet().stream()
                    .filter(a -> a.equals("audit-events") || a.equals("audit-quarantine"))
                    .filter(a -> !MONTHLY.matcher(index).matches() || !index.startsWith(a + "-")).toList();
            if (!foreign.isEmpty()) {
                report.add(new Finding(Kind.ALIAS_CHANGED, index, -1, -1, "an index that is not one of its chained months is in "
                        + "the read alias " + String.join(", ", foreign) + ": the API searches its documents with that alias's"));
            }
        });
    }

    private List<String> existingIndices() throws IOException {
        return new ArrayList<>(client.indices().get(g -> g.index("audit-events-*", "audit-quarantine-*")
                .ignoreUnavailable(true).allowNoIndices(true)).indices().keySet());
    }

    static boolean overlaps(String index, Instant from, Instant to) {
        String suffix = index.substring(index.lastIndexOf('-') + 1);
        YearMonth month;
        try {
            month = YearMonth.parse(suffix, MONTH);
        } catch (RuntimeException e) {
            return true;
        }
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return (from == null || end.isAfter(from)) && (to == null || !start.isAfter(to));
    }

    /** The walk of one chain, fed in sequence order. */
    private static final class ChainWalk {
        private final String index;
        private final int partition;
        private final TreeMap<Long, Checkpoint> checkpoints;
        private final Map<Long, FailureRecord> deadLetters;
        private final VerificationReport report;
        private final java.util.function.LongFunction<OptionalLong> vouchingFor;
        private final java.util.function.LongPredicate pastEnd;
        private final java.util.function.BiConsumer<Long, Finding> claim;
        private final java.util.function.LongPredicate inFlight;
        private final List<Candidate> unanchored = new ArrayList<>();
        /** The end of the furthest round vouching for an unanchored document. */
        private long vouchedUpTo = -1;
        private long expectedSequence = 1;
        private String expectedPrevious;
        private String lastId = "(chain start)";

        ChainWalk(String index, int partition, TreeMap<Long, Checkpoint> checkpoints, Map<Long, FailureRecord> deadLetters,
                  java.util.function.LongFunction<OptionalLong> vouchingFor, java.util.function.LongPredicate pastEnd,
                  java.util.function.BiConsumer<Long, Finding> claim, java.util.function.LongPredicate inFlight,
                  VerificationReport report) {
            this.claim = claim;
            this.inFlight = inFlight;
            this.vouchingFor = vouchingFor;
            this.pastEnd = pastEnd;
            this.index = index;
            this.partition = partition;
            this.checkpoints = checkpoints;
            this.deadLetters = deadLetters;
            this.report = report;
            this.expectedPrevious = ChainHashes.genesis(index, partition);
        }

        private final List<Candidate> samePosition = new ArrayList<>();

        /** A document at a chain position, with whether its content still matches its own hash. */
        private record Candidate(String id, ChainLink link, boolean matches) {
        }

        /**
         * Documents arrive by sequence; those sharing one are held until the sequence changes, so that the one
         * whose content matches its hash is taken as the chain's and the others as insertions, whatever their IDs.
         */
        void accept(String id, ChainedDocuments.Unpacked doc, ChainLink link) {
            if (!samePosition.isEmpty() && samePosition.get(0).link().sequence() != link.sequence()) {
                flushPosition();
            }
            samePosition.add(new Candidate(id, link,
                    ChainHashes.link(link.previousHash(), doc.raw(), doc.canonicalDocument()).equals(link.hash())));
        }

        private void flushPosition() {
            List<Candidate> candidates = new ArrayList<>(samePosition);
            samePosition.clear();
            candidates.sort((a, b) -> Boolean.compare(b.matches(), a.matches()));
            take(candidates.get(0));
            for (Candidate extra : candidates.subList(1, candidates.size())) {
                report.add(finding(Kind.INSERTED, extra.link().sequence(), "document " + extra.id()
                        + " claims a position already taken by " + candidates.get(0).id()));
            }
        }

        private void take(Candidate candidate) {
            String id = candidate.id();
            ChainLink link = candidate.link();
            if (!candidate.matches()) {
                report.add(finding(Kind.MODIFIED, link.sequence(), "document " + id + ": its content or raw message does not match its hash"));
            }
            skipTo(link.sequence(), "before document " + id, link.offset());
            if (expectedPrevious != null && !link.previousHash().equals(expectedPrevious)) {
                report.add(finding(Kind.MODIFIED, link.sequence(), "document " + id + " does not link to the previous document "
                        + lastId + " (the chain was altered or rebuilt here)"));
            }
            Checkpoint checkpoint = checkpoints.get(link.sequence());
            if (checkpoint != null && !checkpoint.hash().equals(link.hash())) {
                report.add(finding(Kind.CHECKPOINT_MISMATCH, link.sequence(), "document " + id + " differs from the signed checkpoint of "
                        + checkpoint.createdAt()));
            }
            if (pastEnd.test(link.offset())) {
                claim.accept(link.offset(), finding(Kind.INSERTED, link.sequence(), "document " + id + " claims Kafka offset "
                        + link.offset() + ", past the end of its partition (or a partition audit.events does not have)"));
            } else if (link.sequence() > lastCheckpointed()) {
                OptionalLong round = vouchingFor.apply(link.offset());
                if (round.isPresent()) {
                    unanchored.add(candidate);
                    vouchedUpTo = Math.max(vouchedUpTo, round.getAsLong());
                }
            }
            expectedPrevious = link.hash();
            expectedSequence = link.sequence() + 1;
            lastId = id;
        }

        private long lastCheckpointed() {
            return checkpoints.isEmpty() ? 0 : checkpoints.lastKey();
        }

        /**
         * Documents after their chain's last signed checkpoint although a signed round of their partition lies past
         * their offset. A round is recorded only once every chain of the partition is checkpointed at its last link
         * below it, and a new owner of a partition signs what a killed predecessor left unsigned (recomputed from
         * Kafka) before its own rounds, so such a document was not there when the indexer signed: it was added to
         * Elasticsearch afterwards, with links anyone can compute.
         */
        private void reportUnanchored() {
            if (unanchored.isEmpty()) {
                return;
            }
            Candidate first = unanchored.get(0);
            Candidate last = unanchored.get(unanchored.size() - 1);
            report.add(finding(Kind.UNANCHORED, first.link().sequence(), (unanchored.size() == 1 ? "document " + first.id()
                    : unanchored.size() + " documents (sequence " + first.link().sequence() + " to " + last.link().sequence()
                    + ", from " + first.id() + " to " + last.id() + ")") + " after the chain's last signed checkpoint (sequence "
                    + lastCheckpointed() + "), although partition " + partition + " has a signed round up to Kafka offset "
                    + vouchedUpTo + " over their offsets: no checkpoint vouches for them"));
        }

        /**
         * Accounts for positions up to (not including) {@code sequence}: dead letters explain them, anything else is a
         * deletion, or unsettled while the indexer may still be writing them.
         *
         * @param nextOffset the Kafka offset of the document at {@code sequence}, or -1 when none follows
         */
        private void skipTo(long sequence, String where, long nextOffset) {
            long missingFrom = -1;
            for (long s = expectedSequence; s < sequence; s++) {
                FailureRecord dead = deadLetters.get(s);
                if (dead != null) {
                    flushMissing(missingFrom, s, where, dead.sourceOffset());
                    missingFrom = -1;
                    report.add(finding(Kind.DEAD_LETTERED, s, "record " + dead.sourcePartition() + "@" + dead.sourceOffset()
                            + " (" + dead.envelopeId() + ") " + ("duplicate".equals(dead.stage()) ? "is a second copy: "
                            : "was refused by Elasticsearch: " + dead.cause() + " ") + dead.reason()));
                    expectedPrevious = dead.chain().hash();
                } else if (missingFrom < 0) {
                    missingFrom = s;
                }
                Checkpoint checkpoint = checkpoints.get(s);
                if (checkpoint != null && dead != null && !checkpoint.hash().equals(dead.chain().hash())) {
                    report.add(finding(Kind.CHECKPOINT_MISMATCH, s, "dead letter differs from the signed checkpoint"));
                }
            }
            flushMissing(missingFrom, sequence, where, nextOffset);
            if (missingFrom >= 0) {
                expectedPrevious = null;
            }
        }

        private void flushMissing(long from, long until, String where, long nextOffset) {
            if (from < 0) {
                return;
            }
            String missing = (until - from == 1 ? "1 document" : (until - from) + " documents (sequence " + from + " to "
                    + (until - 1) + ")") + " missing after " + lastId + " " + where;
            // A signed checkpoint at or past the gap was written after Elasticsearch acknowledged every position up to it.
            boolean checkpointedPast = checkpoints.ceilingKey(from) != null;
            if (nextOffset >= 0 && !checkpointedPast && inFlight.test(nextOffset)) {
                report.add(finding(Kind.UNSETTLED, from, missing + ": the indexer had not committed partition " + partition
                        + " past offset " + nextOffset + ", so Elasticsearch may not have acknowledged them yet (a bulk request "
                        + "still retrying); verify again once the indexer has caught up, a gap that stays is a deletion"));
            } else {
                report.add(finding(Kind.DELETED, from, missing));
            }
        }

        void finish() {
            if (!samePosition.isEmpty()) {
                flushPosition();
            }
            long checkpointed = checkpoints.isEmpty() ? 0 : checkpoints.lastKey();
            long deadLettered = deadLetters.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            long last = Math.max(checkpointed, deadLettered);
            if (last >= expectedSequence) {
                skipTo(last + 1, "at the end of the chain (known up to sequence " + last + ")", -1);
            }
            reportUnanchored();
        }

        private Finding finding(Kind kind, long sequence, String detail) {
            return new Finding(kind, index, partition, sequence, detail);
        }
    }
}

package arr.query.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The report store's contract kept in memory, versions included, for tests of what drives it. */
class InMemoryReportStore extends ReportStore {

    final Map<String, Stored> runs = new HashMap<>();
    final Map<String, byte[]> chunks = new HashMap<>();
    private long version;

    InMemoryReportStore() {
        super(null);
    }

    @Override
    public synchronized Stored create(ReportRun run) {
        if (runs.containsKey(run.id())) {
            return null;
        }
        Stored stored = new Stored(run, ++version, 1);
        runs.put(run.id(), stored);
        return stored;
    }

    @Override
    public synchronized Stored save(ReportRun run, Stored previous) {
        Stored current = runs.get(run.id());
        if (current == null || current.seqNo() != previous.seqNo()) {
            throw new TakenOver(run.id());
        }
        Stored stored = new Stored(run, ++version, 1);
        runs.put(run.id(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<Stored> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public synchronized void delete(String id) {
        runs.remove(id);
    }

    @Override
    public synchronized List<Stored> abandonedBefore(Instant before) {
        return runs.values().stream().filter(s -> s.run().unfinished())
                .filter(s -> Instant.parse(s.run().deadline()).isBefore(before)).toList();
    }

    @Override
    public synchronized List<ReportRun> recent(String report, int size) {
        return runs.values().stream().map(Stored::run).filter(r -> report == null || report.equals(r.report()))
                .sorted(Comparator.comparing(ReportRun::requestedAt).reversed()).limit(size).toList();
    }

    @Override
    synchronized void writeChunk(String fileKey, String kind, int seq, byte[] data, int length) {
        chunks.put(fileKey + "/" + kind + "/" + seq, java.util.Arrays.copyOf(data, length));
    }

    @Override
    synchronized byte[] readChunk(String fileKey, String kind, int seq) {
        byte[] chunk = chunks.get(fileKey + "/" + kind + "/" + seq);
        if (chunk == null) {
            throw new IllegalStateException("chunk " + seq + " of " + fileKey + " is missing");
        }
        return chunk;
    }

    @Override
    synchronized void deleteFiles(String fileKey) {
        chunks.keySet().removeIf(key -> key.startsWith(fileKey + "/"));
    }

    @Override
    synchronized long purgeBefore(Instant before) {
        List<String> old = new ArrayList<>();
        runs.values().stream().filter(s -> Instant.parse(s.run().requestedAt()).isBefore(before)).forEach(s -> old.add(s.run().id()));
        old.forEach(runs::remove);
        return old.size();
    }

    ReportRun run(String id) {
        return runs.get(id).run();
    }
}

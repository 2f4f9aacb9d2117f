package arr.indexer.verify;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The stretches of each partition that signed checkpoint rounds vouch for: per start, up to the offset of the newest
 * round from that start. A round from a later start exists when an owner could not sign what a killed predecessor
 * left unsigned; the offsets between the two are vouched for by no round.
 */
final class RoundCoverage {

    /** Per partition: start → end (exclusive) of the newest round from that start. */
    private final Map<Integer, TreeMap<Long, Long>> stretches = new HashMap<>();

    void add(int partition, long from, long to) {
        stretches.computeIfAbsent(partition, p -> new TreeMap<>()).merge(from, to, Math::max);
    }

    /** Whether a round from {@code from} reaching at least {@code to} is known. */
    boolean reaches(int partition, long from, long to) {
        Long end = stretches.getOrDefault(partition, new TreeMap<>()).get(from);
        return end != null && end >= to;
    }

    /** The end of the newest round from {@code from}, or -1. */
    long end(int partition, long from) {
        return stretches.getOrDefault(partition, new TreeMap<>()).getOrDefault(from, -1L);
    }

    /** The end of a round that vouches for {@code offset}, if any does. */
    OptionalLong vouchingFor(int partition, long offset) {
        for (Map.Entry<Long, Long> stretch : stretches.getOrDefault(partition, new TreeMap<>()).headMap(offset, true).entrySet()) {
            if (offset < stretch.getValue()) {
                return OptionalLong.of(stretch.getValue());
            }
        }
        return OptionalLong.empty();
    }

    boolean isEmpty() {
        return stretches.isEmpty();
    }

    void clear() {
        stretches.clear();
    }
}

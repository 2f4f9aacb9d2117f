package arr.indexer.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The distinct envelope IDs of one source in a reconciliation window, kept small: a window holds every record
 * published in five minutes (1.8 million at 6,000 messages/s), and as a {@code HashSet<String>} each ID took 122
 * bytes of heap (220 MB of the indexer's 512 MB for those 1.8 million), enough to exhaust it in a burst. A UUID in
 * its text form, which every collector writes, is kept as its two longs in an open-addressing table (38 bytes per ID
 * measured, no object per ID); any other ID (a record without the header is counted by its partition and offset)
 * goes to an ordinary set. No library at hand offers a set of 128-bit values without an object per entry.
 */
final class EnvelopeIdSet {

    private static final int UUID_TEXT_LENGTH = 36;
    private static final double MAX_LOAD = 0.6;

    /** Pairs of longs (most, least significant bits); a pair of zeros marks an empty slot. */
    private long[] table = new long[2 * 64];
    private int uuids;
    private boolean nilUuid;
    private final Set<String> others = new HashSet<>();

    /** Adds the ID whose UTF-8 text is {@code text}; false when it was already there. */
    boolean add(byte[] text) {
        if (!isUuid(text)) {
            return others.add(new String(text, StandardCharsets.UTF_8));
        }
        long most = hex(text, 0, 8) << 32 | hex(text, 9, 13) << 16 | hex(text, 14, 18);
        long least = hex(text, 19, 23) << 48 | hex(text, 24, 36);
        if (most == 0 && least == 0) {
            boolean added = !nilUuid;
            nilUuid = true;
            return added;
        }
        if (uuids + 1 > MAX_LOAD * (table.length / 2)) {
            grow();
        }
        if (insert(table, most, least)) {
            uuids++;
            return true;
        }
        return false;
    }

    /** Adds an ID given as a string (such as {@code partition@offset}); false when it was already there. */
    boolean add(String id) {
        return add(id.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return uuids + (nilUuid ? 1 : 0) + others.size();
    }

    private static boolean insert(long[] table, long most, long least) {
        int mask = table.length / 2 - 1;
        int slot = (int) mix(most ^ least) & mask;
        while (table[2 * slot] != 0 || table[2 * slot + 1] != 0) {
            if (table[2 * slot] == most && table[2 * slot + 1] == least) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[2 * slot] = most;
        table[2 * slot + 1] = least;
        return true;
    }

    private void grow() {
        long[] larger = new long[table.length * 2];
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != 0 || table[i + 1] != 0) {
                insert(larger, table[i], table[i + 1]);
            }
        }
        table = larger;
    }

    /** Spreads the bits, so that IDs differing only in their high bits do not share a probe run. */
    private static long mix(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private static boolean isUuid(byte[] text) {
        if (text.length != UUID_TEXT_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_TEXT_LENGTH; i++) {
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? text[i] != '-' : Character.digit(text[i], 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static long hex(byte[] text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value << 4 | Character.digit(text[i], 16);
        }
        return value;
    }
}

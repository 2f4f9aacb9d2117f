package arr.query.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points in time each user's paged searches hold open in Elasticsearch (each pins segments and heap until its
 * keep-alive ends). A user may hold {@value #PER_USER}; opening one more closes the least recently used, whose cursor
 * then answers 410. So a client that only ever reads first pages cannot pile them up.
 */
final class OpenPits {

    static final int PER_USER = 20;

    private final Map<String, LinkedHashMap<String, Boolean>> byUser = new HashMap<>();

    /** Records an opened or continued point in time; returns the ones to close. */
    synchronized List<String> used(String user, String previous, String current) {
        LinkedHashMap<String, Boolean> open = byUser.computeIfAbsent(user, u -> new LinkedHashMap<>(16, 0.75f, true));
        if (previous != null && !previous.equals(current)) {
            open.remove(previous);
        }
        open.put(current, Boolean.TRUE);
        List<String> evicted = new ArrayList<>();
        for (Iterator<String> it = open.keySet().iterator(); open.size() - evicted.size() > PER_USER && it.hasNext(); ) {
            evicted.add(it.next());
        }
        evicted.forEach(open::remove);
        return evicted;
    }

    /** Forgets a point in time that was closed or has served its last page. */
    synchronized void closed(String user, String pit) {
        LinkedHashMap<String, Boolean> open = byUser.get(user);
        if (open != null) {
            open.remove(pit);
        }
    }
}

package arr.query.security;

import arr.query.config.LoginThrottleConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per user name and per client address; once one of them reaches the limit within the window, it
 * is locked out. A password check is reserved before it runs ({@link #begin}): failures plus checks still running may
 * not exceed the limit, so a burst of parallel guesses gets no more checks than sequential ones. Memory stays bounded:
 * at most {@value #MAX_KEYS} keys; when that many are being tracked, a new key is refused (fail closed) until old
 * ones expire, rather than not counted.
 */
public final class LoginThrottle {

    static final int MAX_KEYS = 100_000;

    /** Failures in the window, checks in flight, and the end of a lockout, for one user name or address. */
    private static final class Entry {
        final Deque<Instant> failures = new ArrayDeque<>();
        int inFlight;
        Instant lockedUntil;
    }

    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private Instant nextSweep = Instant.MIN;

    public LoginThrottle(LoginThrottleConfig config, Clock clock) {
        this.maxFailures = config.maxFailures();
        this.window = config.window();
        this.lockout = config.lockout();
        this.clock = clock;
    }

    /** How long the user or the address is still locked out, if it is. */
    public synchronized Optional<Duration> lockedOut(String user, String address) {
        Instant now = clock.instant();
        Instant until = latest(lockedUntil(userKey(user), now), lockedUntil(addressKey(address), now));
        return until != null ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /**
     * Reserves one password check for this user name and address; false when either is locked out, already has as many
     * failures plus running checks as the limit allows, or cannot be tracked. Every true must be followed by one
     * {@link #end}.
     */
    public synchronized boolean begin(String user, String address) {
        Instant now = clock.instant();
        sweep(now);
        Entry forUser = entry(userKey(user), now);
        Entry forAddress = entry(addressKey(address), now);
        if (forUser == null || forAddress == null || !allows(forUser, now) || !allows(forAddress, now)) {
            return false;
        }
        forUser.inFlight++;
        forAddress.inFlight++;
        return true;
    }

    /** Ends a reserved check; a failure is counted. Returns whether that failure locked the user or the address out. */
    public synchronized boolean end(String user, String address, boolean succeeded) {
        Instant now = clock.instant();
        boolean locked = false;
        for (String key : new String[] {userKey(user), addressKey(address)}) {
            Entry entry = entries.get(key);
            if (entry == null) {
                continue;
            }
            entry.inFlight = Math.max(0, entry.inFlight - 1);
            if (!succeeded) {
                entry.failures.addLast(now);
                trim(entry, now);
                if (entry.failures.size() >= maxFailures) {
                    entry.lockedUntil = now.plus(lockout);
                    entry.failures.clear();
                    locked = true;
                }
            }
        }
        return locked;
    }

    private boolean allows(Entry entry, Instant now) {
        if (entry.lockedUntil != null && entry.lockedUntil.isAfter(now)) {
            return false;
        }
        trim(entry, now);
        return entry.failures.size() + entry.inFlight < maxFailures;
    }

    /** The entry of a key, made when missing; null when the table is full (the caller is refused). */
    private Entry entry(String key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null && entries.size() < MAX_KEYS) {
            entry = new Entry();
            entries.put(key, entry);
        }
        return entry;
    }

    private Instant lockedUntil(String key, Instant now) {
        Entry entry = entries.get(key);
        return entry != null && entry.lockedUntil != null && entry.lockedUntil.isAfter(now) ? entry.lockedUntil : null;
    }

    private void trim(Entry entry, Instant now) {
        while (!entry.failures.isEmpty() && !entry.failures.peekFirst().isAfter(now.minus(window))) {
            entry.failures.removeFirst();
        }
    }

    /** Drops idle entries; at most once a second, so that a flood of failures does not walk the table each time. */
    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plusSeconds(1);
        entries.values().removeIf(entry -> {
            trim(entry, now);
            return entry.inFlight == 0 && entry.failures.isEmpty()
                    && (entry.lockedUntil == null || !entry.lockedUntil.isAfter(now));
        });
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.length() > 256 ? user.substring(0, 256) : user);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}

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
import java.util.concurrent.TimeUnit;

/**
 * Counts failed logins per user name and per client address; once one of them reaches its limit within the window, it
 * is locked out. A password check is reserved before it runs ({@link #reserve}): failures plus checks still running may
 * not exceed the limit, so a burst of parallel guesses gets no more checks than sequential ones; a check beyond that
 * waits for one running to end rather than being refused, so a client's first burst of parallel requests with a right
 * password is served, while guesses stop at the lockout the failures cause. Memory stays bounded:
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
    private final int maxFailuresPerAddress;
    private final Duration window;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private Instant nextSweep = Instant.MIN;

    public LoginThrottle(LoginThrottleConfig config, Clock clock) {
        this.maxFailures = config.maxFailures();
        this.maxFailuresPerAddress = config.maxFailuresPerAddress();
        this.window = config.window();
        this.lockout = config.lockout();
        this.clock = clock;
    }

    /** How long the user or the address is still locked out, if it is. */
    public Optional<Duration> lockedOut(String user, String address) {
        // The keys before the lock: the name's canonical form takes a normalization, and every request with credentials asks.
        String userKey = userKey(user);
        String addressKey = addressKey(address);
        synchronized (this) {
            Instant now = clock.instant();
            Instant until = latest(lockedUntil(userKey, now), lockedUntil(addressKey, now));
            return until != null ? Optional.of(Duration.between(now, until)) : Optional.empty();
        }
    }

    /**
     * Whether this user name and address are tracked, or can be: when the table is full, neither a check nor a compare
     * with a remembered password may run, since a failure could not be counted.
     */
    public boolean tracks(String user, String address) {
        String userKey = userKey(user);
        String addressKey = addressKey(address);
        synchronized (this) {
            int missing = (entries.containsKey(userKey) ? 0 : 1) + (entries.containsKey(addressKey) ? 0 : 1);
            return entries.size() + missing <= MAX_KEYS;
        }
    }

    /** {@link #reserve} without waiting: false as soon as no check can start now. */
    public boolean begin(String user, String address) {
        return reserve(user, address, Duration.ZERO);
    }

    /**
     * Reserves one password check for this user name and address. False when either is locked out, has as many failures
     * as its limit, or cannot be tracked; while only checks still running fill the limit, it waits up to {@code maxWait}
     * for one of them to end. Every true must be followed by one {@link #end}.
     */
    public boolean reserve(String user, String address, Duration maxWait) {
        return reserveKeys(userKey(user), addressKey(address), maxWait);
    }

    private synchronized boolean reserveKeys(String userKey, String addressKey, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Instant now = clock.instant();
            sweep(now);
            Entry forUser = entry(userKey, now);
            Entry forAddress = entry(addressKey, now);
            if (forUser == null || forAddress == null || closed(forUser, maxFailures, now)
                    || closed(forAddress, maxFailuresPerAddress, now)) {
                return false;
            }
            if (forUser.failures.size() + forUser.inFlight < maxFailures
                    && forAddress.failures.size() + forAddress.inFlight < maxFailuresPerAddress) {
                forUser.inFlight++;
                forAddress.inFlight++;
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Ends a reserved check; a failure is counted. Returns whether that failure locked the user or the address out. */
    public boolean end(String user, String address, boolean succeeded) {
        return endKeys(userKey(user), addressKey(address), succeeded);
    }

    private synchronized boolean endKeys(String userKey, String addressKey, boolean succeeded) {
        Instant now = clock.instant();
        boolean locked = false;
        notifyAll();
        for (String key : new String[] {userKey, addressKey}) {
            Entry entry = entries.get(key);
            if (entry == null) {
                continue;
            }
            entry.inFlight = Math.max(0, entry.inFlight - 1);
            if (!succeeded) {
                locked |= fail(entry, key, now);
            }
        }
        return locked;
    }

    /**
     * Counts a failure for a request that was refused a check but had its password compared with one remembered, which
     * did not match: a guess all the same (else parallel requests would guess for free while the checks in flight fill
     * the limit). Returns whether it locked the user or the address out.
     */
    public boolean failedWithoutCheck(String user, String address) {
        return failedWithoutCheckKeys(userKey(user), addressKey(address));
    }

    private synchronized boolean failedWithoutCheckKeys(String userKey, String addressKey) {
        Instant now = clock.instant();
        boolean locked = false;
        for (String key : new String[] {userKey, addressKey}) {
            Entry entry = entry(key, now);
            if (entry != null && (entry.lockedUntil == null || !entry.lockedUntil.isAfter(now))) {
                locked |= fail(entry, key, now);
            }
        }
        return locked;
    }

    private boolean fail(Entry entry, String key, Instant now) {
        entry.failures.addLast(now);
        trim(entry, now);
        if (entry.failures.size() >= (key.startsWith("user:") ? maxFailures : maxFailuresPerAddress)) {
            entry.lockedUntil = now.plus(lockout);
            entry.failures.clear();
            return true;
        }
        return false;
    }

    /** Locked out, or as many failures as the limit: no check may start, however long one waits. */
    private boolean closed(Entry entry, int limit, Instant now) {
        if (entry.lockedUntil != null && entry.lockedUntil.isAfter(now)) {
            return true;
        }
        trim(entry, now);
        return entry.failures.size() >= limit;
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

    /**
     * One key for every spelling of a name (case, spaces, Unicode forms): a directory matches names so, and each
     * spelling must not get guesses of its own.
     */
    private static String userKey(String user) {
        String name = UserNames.canonical(user == null ? "" : user);
        return "user:" + (name.length() > 256 ? name.substring(0, 256) : name);
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

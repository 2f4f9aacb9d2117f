package arr.query.security;

import arr.query.config.LoginThrottleConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per user name and per client address; once one of them reaches the limit within the window,
 * it is locked out. Memory stays bounded: entries whose failures and lockout have all expired are dropped, and at
 * most {@value #MAX_KEYS} keys are tracked (an attacker cycling user names still locks his address).
 */
public final class LoginThrottle {

    static final int MAX_KEYS = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();

    public LoginThrottle(LoginThrottleConfig config, Clock clock) {
        this.maxFailures = config.maxFailures();
        this.window = config.window();
        this.lockout = config.lockout();
        this.clock = clock;
    }

    /** How long the user or the address is still locked out, if it is. */
    public synchronized Optional<Duration> lockedOut(String user, String address) {
        Instant now = clock.instant();
        Instant until = latest(lockedUntil.get(userKey(user)), lockedUntil.get(addressKey(address)));
        return until != null && until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Counts a failed login; returns whether it locked the user or the address out. */
    public synchronized boolean recordFailure(String user, String address) {
        Instant now = clock.instant();
        expire(now);
        boolean userLocked = count(userKey(user), now);
        boolean addressLocked = count(addressKey(address), now);
        return userLocked || addressLocked;
    }

    private boolean count(String key, Instant now) {
        if (key == null || (!failures.containsKey(key) && failures.size() >= MAX_KEYS)) {
            return false;
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        times.addLast(now);
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
            times.removeFirst();
        }
        if (times.size() >= maxFailures) {
            lockedUntil.put(key, now.plus(lockout));
            times.clear();
            return true;
        }
        return false;
    }

    private void expire(Instant now) {
        lockedUntil.values().removeIf(until -> !until.isAfter(now));
        for (Iterator<Deque<Instant>> it = failures.values().iterator(); it.hasNext(); ) {
            Deque<Instant> times = it.next();
            if (times.isEmpty() || !times.peekLast().isAfter(now.minus(window))) {
                it.remove();
            }
        }
    }

    private static String userKey(String user) {
        return user == null || user.isEmpty() ? null : "user:" + (user.length() > 256 ? user.substring(0, 256) : user);
    }

    private static String addressKey(String address) {
        return address == null ? null : "address:" + address;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}

package arr.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.testing.MovableClock;
import arr.query.config.LoginThrottleConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottleConfig(5, 20, Duration.ofMinutes(1), Duration.ofMinutes(1)), clock);

    /** A directory takes "Alice", "alice" and " alice" for one name: so does the throttle, or each would guess apart. */
    @Test
    void everySpellingOfANameSharesItsFailures() {
        String[] spellings = {"alice", "Alice", " alice", "ALICE ", "\uFF41lice"};
        assertThat(UserNames.canonical("STRAUSS")).isEqualTo(UserNames.canonical("strau\u00DF"));
        for (String name : spellings) {
            assertThat(throttle.begin(name, "10.0.0." + name.length())).isTrue();
            throttle.end(name, "10.0.0." + name.length(), false);
        }
        assertThat(throttle.lockedOut("alice", "10.9.9.9")).isPresent();
    }

    @Test
    void fiveFailuresOfOneUserWithinAMinuteLockItForTheNextMinute() {
        for (int i = 0; i < 4; i++) {
            assertThat(fail("officer", "10.0.0." + i)).isFalse();
            assertThat(throttle.lockedOut("officer", "10.9.9.9")).isEmpty();
        }
        assertThat(fail("officer", "10.0.0.4")).isTrue();
        assertThat(throttle.lockedOut("officer", "10.9.9.9")).contains(Duration.ofMinutes(1));
        assertThat(throttle.begin("officer", "10.9.9.9")).isFalse();
        assertThat(throttle.lockedOut("auditor", "10.9.9.9")).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.lockedOut("officer", "10.9.9.9")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.lockedOut("officer", "10.9.9.9")).isEmpty();
        assertThat(throttle.begin("officer", "10.9.9.9")).isTrue();
    }

    /**
     * An address is shared (a terminal server, a proxy): a few users' typos there lock only those users; twenty failures
     * lock the address, whatever the names (until 2026-11-28 five did, every user of the address with them).
     */
    @Test
    void twentyFailuresFromOneAddressLockItWhateverTheUserNames() {
        for (int i = 0; i < 19; i++) {
            assertThat(fail("guess-" + i, "10.0.0.1")).isFalse();
        }
        assertThat(throttle.lockedOut("officer", "10.0.0.1")).isEmpty();
        assertThat(fail("guess-19", "10.0.0.1")).isTrue();
        assertThat(throttle.lockedOut("officer", "10.0.0.1")).isPresent();
        assertThat(throttle.lockedOut(null, "10.0.0.1")).isPresent();
        assertThat(throttle.lockedOut("officer", "10.0.0.2")).isEmpty();
    }

    @Test
    void parallelGuessesGetNoMoreChecksThanTheLimitLeaves() {
        assertThat(fail("admin", "10.0.0.1")).isFalse();
        int reserved = 0;
        for (int i = 0; i < 500; i++) {
            if (throttle.begin("admin", "10.0.0." + (i % 250 + 2))) {
                reserved++;
            }
        }
        assertThat(reserved).isEqualTo(4);
    }

    /**
     * A check beyond those running waits for one to end instead of being refused, so a client's first parallel requests
     * with the right password are all served; once the running ones fail up to the limit, the waiting one is refused.
     */
    @Test
    void aCheckBeyondTheRunningOnesWaitsForASlotAndIsRefusedOnlyOnceTheFailuresLockOut() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.begin("officer", "10.0.0.1")).isTrue();
        }
        assertThat(throttle.begin("officer", "10.0.0.1")).as("no slot now").isFalse();
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> throttle.reserve("officer", "10.0.0.1", Duration.ofSeconds(10)));
        Thread.sleep(200);
        assertThat(waiting).as("waits while the others run").isNotDone();
        throttle.end("officer", "10.0.0.1", true);
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("a slot came free").isTrue();

        var refused = java.util.concurrent.CompletableFuture.supplyAsync(() -> throttle.reserve("officer", "10.0.0.1", Duration.ofSeconds(10)));
        Thread.sleep(200);
        for (int i = 0; i < 5; i++) {
            throttle.end("officer", "10.0.0.1", false);
        }
        assertThat(refused.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("five failures locked the user out").isFalse();
        assertThat(throttle.lockedOut("officer", "10.0.0.1")).isPresent();
    }

    @Test
    void aSuccessfulCheckCountsNothing() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.begin("officer", "10.0.0.1")).isTrue();
            assertThat(throttle.end("officer", "10.0.0.1", true)).isFalse();
        }
        assertThat(throttle.lockedOut("officer", "10.0.0.1")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            fail("officer", "10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(61));
        assertThat(fail("officer", "10.0.0.1")).isFalse();
        assertThat(throttle.lockedOut("officer", "10.0.0.1")).isEmpty();
    }

    @Test
    void aFullTableRefusesNewKeysInsteadOfNotCountingThem() {
        for (int i = 0; i < LoginThrottle.MAX_KEYS / 2; i++) {
            assertThat(throttle.begin("u" + i, "a" + i)).isTrue();
        }
        assertThat(throttle.begin("admin", "10.0.0.1")).isFalse();
        assertThat(throttle.begin("u1", "a1")).isTrue();
    }

    /** One reserved check that fails; returns whether it locked out. */
    private boolean fail(String user, String address) {
        assertThat(throttle.begin(user, address)).isTrue();
        return throttle.end(user, address, false);
    }
}

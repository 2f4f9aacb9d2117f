package arr.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import arr.query.config.LoginThrottleConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottleConfig(5, Duration.ofMinutes(1), Duration.ofMinutes(1)), clock);

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

    @Test
    void fiveFailuresFromOneAddressLockItWhateverTheUserNames() {
        for (int i = 0; i < 5; i++) {
            fail("guess-" + i, "10.0.0.1");
        }
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

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

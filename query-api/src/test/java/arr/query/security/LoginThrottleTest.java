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
            assertThat(throttle.recordFailure("officer", "10.0.0." + i)).isFalse();
            assertThat(throttle.lockedOut("officer", "10.9.9.9")).isEmpty();
        }
        assertThat(throttle.recordFailure("officer", "10.0.0.4")).isTrue();
        assertThat(throttle.lockedOut("officer", "10.9.9.9")).contains(Duration.ofMinutes(1));
        assertThat(throttle.lockedOut("auditor", "10.9.9.9")).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.lockedOut("officer", "10.9.9.9")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.lockedOut("officer", "10.9.9.9")).isEmpty();
    }

    @Test
    void fiveFailuresFromOneAddressLockItWhateverTheUserNames() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("guess-" + i, "10.0.0.1");
        }
        assertThat(throttle.lockedOut("officer", "10.0.0.1")).isPresent();
        assertThat(throttle.lockedOut(null, "10.0.0.1")).isPresent();
        assertThat(throttle.lockedOut("officer", "10.0.0.2")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("officer", "10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(61));
        throttle.recordFailure("officer", "10.0.0.1");
        assertThat(throttle.lockedOut("officer", "10.0.0.1")).isEmpty();
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

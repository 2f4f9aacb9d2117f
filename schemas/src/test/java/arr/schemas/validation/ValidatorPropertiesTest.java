package arr.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import arr.schemas.testing.Samples;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated messages: the validator never throws, never changes the bytes it is given, and its
 * verdict is consistent (invalid exactly when there is no event). A generous time guard catches hangs;
 * it is not a performance assertion.
 */
class ValidatorPropertiesTest {

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();
    private static final List<byte[]> SEEDS = Samples.allSamples().stream().map(Samples::read).toList();
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    @Property(tries = 300)
    void randomBytesNeverBreakTheValidator(@ForAll @Size(max = 4096) byte[] message) {
        checkConsistent(message);
    }

    @Property(tries = 400)
    void mutatedSamplesNeverBreakTheValidator(@ForAll("mutatedSamples") byte[] message) {
        checkConsistent(message);
    }

    @Provide
    Arbitrary<byte[]> mutatedSamples() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        return Combinators.combine(seed, Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.bytes()).as(ValidatorPropertiesTest::mutate);
    }

    private static byte[] mutate(byte[] seed, int kind, int where, byte value) {
        if (seed.length == 0) {
            return seed;
        }
        int at = where % seed.length;
        return switch (kind) {
            case 0 -> {
                byte[] copy = seed.clone();
                copy[at] = value;
                yield copy;
            }
            case 1 -> Arrays.copyOf(seed, at);
            case 2 -> {
                byte[] copy = new byte[seed.length - 1];
                System.arraycopy(seed, 0, copy, 0, at);
                System.arraycopy(seed, at + 1, copy, at, seed.length - at - 1);
                yield copy;
            }
            case 3 -> {
                byte[] copy = new byte[seed.length + 1];
                System.arraycopy(seed, 0, copy, 0, at);
                copy[at] = value;
                System.arraycopy(seed, at, copy, at + 1, seed.length - at);
                yield copy;
            }
            default -> {
                byte[] copy = Arrays.copyOf(seed, seed.length * 2);
                System.arraycopy(seed, 0, copy, seed.length, seed.length);
                yield copy;
            }
        };
    }

    private static void checkConsistent(byte[] message) {
        byte[] before = message.clone();
        ValidatedMessage result = assertTimeoutPreemptively(HANG_GUARD, () -> VALIDATOR.validate(message));
        assertThat(message).isEqualTo(before);
        assertThat(result.result()).isNotNull();
        assertThat(result.result().status() == ValidationStatus.INVALID).isEqualTo(result.event().isEmpty());
        if (result.result().status() == ValidationStatus.VALID) {
            assertThat(result.result().issues()).isEmpty();
        } else {
            assertThat(result.result().issues()).isNotEmpty();
        }
    }

}

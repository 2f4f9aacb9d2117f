package arr.indexer.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundCoverageTest {

    @Test
    void anOffsetIsVouchedForOnlyInsideAStretchOfRounds() {
        RoundCoverage coverage = new RoundCoverage();
        coverage.add(2, 0, 100);
        coverage.add(2, 0, 80);
        // An owner that could not sign 100..149 vouches from 150 on.
        coverage.add(2, 150, 300);

        assertThat(coverage.vouchingFor(2, 0)).hasValue(100);
        assertThat(coverage.vouchingFor(2, 99)).hasValue(100);
        assertThat(coverage.vouchingFor(2, 100)).isEmpty();
        assertThat(coverage.vouchingFor(2, 149)).isEmpty();
        assertThat(coverage.vouchingFor(2, 150)).hasValue(300);
        assertThat(coverage.vouchingFor(2, 300)).isEmpty();
        assertThat(coverage.vouchingFor(3, 10)).isEmpty();
    }

    @Test
    void aRoundIsKnownWhenOneFromTheSameStartReachesAsFar() {
        RoundCoverage coverage = new RoundCoverage();
        coverage.add(2, 0, 100);

        assertThat(coverage.reaches(2, 0, 100)).isTrue();
        assertThat(coverage.reaches(2, 0, 90)).isTrue();
        assertThat(coverage.reaches(2, 0, 101)).isFalse();
        assertThat(coverage.reaches(2, 50, 90)).isFalse();
        assertThat(coverage.end(2, 0)).isEqualTo(100);
        assertThat(coverage.end(2, 50)).isEqualTo(-1);
    }
}

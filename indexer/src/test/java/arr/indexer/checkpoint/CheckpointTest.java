package arr.indexer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:15:30Z");

    @Test
    void aRoundFromThePartitionsBeginningSignsTheSameTextAsRoundsAlwaysDid() {
        // Rounds stored before rounds had a start must still verify.
        assertThat(Checkpoint.round(3, 1200, AT).signedText())
                .isEqualTo("arr-checkpoint-v1|round|null|3|null|1200|null|null|null|2026-11-27T10:15:30Z");
        assertThat(Checkpoint.round(3, 1200, AT).id()).isEqualTo("round:3:1200");
    }

    @Test
    void aRoundsStartIsSignedAndPartOfItsId() {
        Checkpoint round = Checkpoint.round(3, 900L, 1200, AT);

        assertThat(round.signedText()).endsWith("|from=900");
        assertThat(round.id()).isEqualTo("round:3:900:1200");
        assertThat(round.coveredFrom()).isEqualTo(900);
        assertThat(Checkpoint.round(3, 1200, AT).coveredFrom()).isZero();
        assertThat(AnchorTopic.key(round)).isEqualTo("round:3:900");
        assertThat(AnchorTopic.key(Checkpoint.round(3, 1200, AT))).isEqualTo("round:3");
    }
}

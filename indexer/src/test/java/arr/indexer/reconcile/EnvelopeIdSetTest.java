package arr.indexer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeIdSetTest {

    @Test
    void countsEachEnvelopeIdOnceHoweverOftenItIsRepublished() {
        Random random = new Random(42);
        List<UUID> published = new ArrayList<>();
        Set<UUID> distinct = new HashSet<>();
        EnvelopeIdSet ids = new EnvelopeIdSet();
        for (int i = 0; i < 300_000; i++) {
            // One in ten records repeats an earlier envelope (a collector's retry), the rest are new.
            UUID id = !published.isEmpty() && random.nextInt(10) == 0
                    ? published.get(random.nextInt(published.size()))
                    : new UUID(random.nextLong(), random.nextLong());
            published.add(id);
            assertThat(ids.add(bytes(id.toString()))).isEqualTo(distinct.add(id));
        }
        assertThat(ids.size()).isEqualTo(distinct.size());
    }

    @Test
    void idsThatDifferOnlyInOneHalfStayApart() {
        EnvelopeIdSet ids = new EnvelopeIdSet();
        for (int i = 0; i < 10_000; i++) {
            ids.add(bytes(new UUID(7, i).toString()));
            ids.add(bytes(new UUID(i, 7).toString()));
        }
        // (7, 7) is in both series.
        assertThat(ids.size()).isEqualTo(19_999);
    }

    @Test
    void theSameUuidInUpperCaseIsTheSameEnvelope() {
        EnvelopeIdSet ids = new EnvelopeIdSet();
        String id = UUID.randomUUID().toString();
        assertThat(ids.add(bytes(id))).isTrue();
        assertThat(ids.add(bytes(id.toUpperCase(Locale.ROOT)))).isFalse();
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void theNilUuidIsAnIdLikeAnyOther() {
        EnvelopeIdSet ids = new EnvelopeIdSet();
        assertThat(ids.add(bytes("00000000-0000-0000-0000-000000000000"))).isTrue();
        assertThat(ids.add(bytes("00000000-0000-0000-0000-000000000000"))).isFalse();
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void idsThatAreNotUuidsAreCountedByTheirText() {
        EnvelopeIdSet ids = new EnvelopeIdSet();
        assertThat(ids.add("3@17")).isTrue();
        assertThat(ids.add("3@17")).isFalse();
        assertThat(ids.add("3@18")).isTrue();
        // 36 characters with a non-hex digit, and a UUID without dashes: text, not UUIDs.
        assertThat(ids.add(bytes("g0000000-0000-0000-0000-000000000001"))).isTrue();
        assertThat(ids.add(bytes("00000000000000000000000000000000"))).isTrue();
        assertThat(ids.add(bytes("00000000-0000-0000-0000-000000000001"))).isTrue();
        assertThat(ids.size()).isEqualTo(5);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package arr.query.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedInputStreamTest {

    private static ChunkedInputStream of(byte[] first, byte[]... chunks) {
        Deque<byte[]> queue = new ArrayDeque<>(List.of(chunks));
        return new ChunkedInputStream(first) {
            @Override
            protected byte[] nextChunk() {
                return queue.pollFirst();
            }
        };
    }

    @Test
    void readsTheFirstBytesThenEveryChunkInOrderSkippingEmptyOnes() throws IOException {
        ChunkedInputStream in = of(new byte[] {1}, new byte[] {2, 3}, new byte[0], new byte[] {4});
        assertThat(in.read()).isEqualTo(1);
        byte[] rest = new byte[10];
        assertThat(in.read(rest, 0, 10)).isEqualTo(2);
        assertThat(in.read(rest, 2, 8)).isEqualTo(1);
        assertThat(rest[0]).isEqualTo((byte) 2);
        assertThat(rest[2]).isEqualTo((byte) 4);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(rest, 0, 10)).isEqualTo(-1);
    }

    @Test
    void bytesAbove127ReadAsUnsignedAndAnEmptyStreamEndsAtOnce() throws IOException {
        assertThat(of(new byte[] {(byte) 0xff}).read()).isEqualTo(255);
        assertThat(of(new byte[0]).readAllBytes()).isEmpty();
        assertThat(of(new byte[0], new byte[] {5, 6}).readAllBytes()).containsExactly(5, 6);
    }
}

package arr.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.query.api.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final PageCursor cursor = new PageCursor("officer", "events", "patient=4711", "pit-id", List.of(1_700_000_000_000L, 42L), 50);

    @Test
    void aCursorReadsBackAsIssued() {
        assertThat(codec.decode(codec.encode(cursor))).isEqualTo(cursor);
    }

    @Test
    void everySingleChangedCharacterIsRefused() {
        String encoded = codec.encode(cursor);
        for (int i = 0; i < encoded.length(); i++) {
            char changed = encoded.charAt(i) == 'A' ? 'B' : 'A';
            String forged = encoded.substring(0, i) + changed + encoded.substring(i + 1);
            if (!forged.equals(encoded)) {
                assertThatThrownBy(() -> codec.decode(forged)).as("position %d", i).isInstanceOf(BadRequestException.class);
            }
        }
    }

    @Test
    void anotherEncodingOfTheSameBytesIsRefused() {
        String encoded = codec.encode(cursor);
        assertThatThrownBy(() -> codec.decode(encoded + "=")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> codec.decode(encoded.replace('-', '+').replace('_', '/') + "==")).isInstanceOf(BadRequestException.class);
        // The last character carries unused bits: its siblings decode to the same signature and must still be refused.
        char last = encoded.charAt(encoded.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (char sibling : alphabet.toCharArray()) {
            if (sibling != last) {
                String changed = encoded.substring(0, encoded.length() - 1) + sibling;
                assertThatThrownBy(() -> codec.decode(changed)).isInstanceOf(BadRequestException.class);
            }
        }
    }

    @Test
    void aCursorSignedWithAnotherKeyIsRefused() {
        CursorCodec other = new CursorCodec("ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> codec.decode(other.encode(cursor))).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("cursor is not valid");
    }

    @Test
    void garbageIsRefusedWithoutRevealingWhy() {
        for (String garbage : List.of("", ".", "abc", "a.b", "%%%.%%%", "x".repeat(70_000))) {
            assertThatThrownBy(() -> codec.decode(garbage)).isInstanceOf(BadRequestException.class);
        }
    }

    @Test
    void aShortKeyIsAStartupError() {
        assertThatThrownBy(() -> new CursorCodec(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}

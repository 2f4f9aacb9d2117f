package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WellFormedUtf8Test {

    @Test
    void asciiAndMultiByteTextDecode() {
        assertThat(WellFormedUtf8.decode("<AuditMessage/>".getBytes(StandardCharsets.US_ASCII))).isEqualTo("<AuditMessage/>");
        String text = "M\u00fcller \u4e2d \ud83d\ude00 \u0000";
        assertThat(WellFormedUtf8.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        assertThat(WellFormedUtf8.decode(new byte[0])).isEmpty();
        // A replacement character the device really sent is text too (the fast path stops at it, the strict one takes it).
        assertThat(WellFormedUtf8.decode("a\ufffdb".getBytes(StandardCharsets.UTF_8))).isEqualTo("a\ufffdb");
    }

    @Test
    void bytesThatAreNotWellFormedUtf8AreRefusedRatherThanReplaced() {
        assertThat(WellFormedUtf8.decode("M\u00fcller".getBytes(StandardCharsets.ISO_8859_1))).isNull();
        // A sequence cut off (as a truncated oversize message may end), an overlong '/', an encoded surrogate.
        assertThat(WellFormedUtf8.decode(new byte[] {'a', (byte) 0xE4, (byte) 0xB8})).isNull();
        assertThat(WellFormedUtf8.decode(new byte[] {(byte) 0xC0, (byte) 0xAF})).isNull();
        assertThat(WellFormedUtf8.decode(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isNull();
        assertThat(WellFormedUtf8.decode(new byte[] {(byte) 0x80})).isNull();
    }

    @Property
    void decodedTextEncodesToTheVeryBytes(@ForAll byte[] bytes) {
        String text = WellFormedUtf8.decode(bytes);
        if (text != null) {
            assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
        }
    }

    @Property
    void anyTextIsDecodedFromItsUtf8(@ForAll String text) {
        // Lone surrogates have no UTF-8 form (the encoder writes '?'), so they are not text this must give back.
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (new String(bytes, StandardCharsets.UTF_8).equals(text)) {
            assertThat(WellFormedUtf8.decode(bytes)).isEqualTo(text);
        }
    }
}

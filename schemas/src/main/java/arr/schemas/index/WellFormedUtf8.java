package arr.schemas.index;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text of bytes that encode it exactly: the decoding is strict (no replacement character for a malformed or truncated
 * sequence, no overlong form, no encoded surrogate), so that encoding the text as UTF-8 gives the very same bytes
 * back. The chain's raw digest is computed from those bytes again when a document is verified.
 */
public final class WellFormedUtf8 {

    private WellFormedUtf8() {
    }

    /** @return the text, or null when the bytes are not well-formed UTF-8 */
    public static String decode(byte[] bytes) {
        // The JDK's decoder (vectorized for ASCII, which audit XML nearly always is) replaces whatever is not
        // well-formed with U+FFFD: text without it came from well-formed bytes, and only text with it is checked again.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

package arr.schemas.mapping;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decodes base64 values (ParticipantObjectQuery, ParticipantObjectDetail/@value) within a size bound,
 * to text when the bytes are UTF-8 text and to bytes otherwise; a value that is not base64 is kept as sent.
 */
public final class Base64Values {

    private Base64Values() {
    }

    /**
     * The outcome of decoding one value: exactly one of {@code text}, {@code bytes} and {@code raw} is set.
     *
     * @param tooLarge true when the value was not decoded because it exceeds the bound
     */
    public record Decoded(String text, byte[] bytes, String raw, boolean tooLarge) {
    }

    public static Decoded decode(String value, int maxDecodedBytes) {
        String compact = stripWhitespace(value);
        if ((long) compact.length() / 4 * 3 > maxDecodedBytes) {
            return new Decoded(null, null, value, true);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            return new Decoded(null, null, value, false);
        }
        String text = asText(bytes);
        return text != null ? new Decoded(text, null, null, false) : new Decoded(null, bytes, null, false);
    }

    /** The bytes as a string if they are valid UTF-8 without control characters other than tab, CR, LF. */
    static String asText(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars;
        try {
            chars = decoder.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
                return null;
            }
        }
        return chars.toString();
    }

    private static String stripWhitespace(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
            if (space && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            } else if (!space && out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }
}

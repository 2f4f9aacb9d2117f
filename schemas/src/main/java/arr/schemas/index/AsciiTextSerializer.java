package arr.schemas.index;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an ASCII string to a UTF-8 JSON generator from its bytes ({@link JsonGenerator#writeUTF8String}), which
 * escapes ASCII exactly as {@link JsonGenerator#writeString(String)} does, without the generator's char-by-char
 * encoding: for the raw message of every document the collector makes, that was most of what writing it as text cost
 * over base64 (README, "The message as text"). Any other string, and any other generator (a tree being built), goes through
 * {@code writeString}: from bytes, a character beyond the BMP would come out as its UTF-8, where {@code writeString}
 * escapes it as a surrogate pair, and the verifier, writing the stored source again, must get the same bytes.
 */
final class AsciiTextSerializer extends StdSerializer<String> {

    AsciiTextSerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (generator instanceof UTF8JsonGenerator) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            // ASCII when its UTF-8 has one byte per char and each char is its byte: the lengths alone would let a lone
            // surrogate through (encoded as '?'); comparing as Latin-1 text is one vectorized pass over the bytes.
            if (utf8.length == value.length() && new String(utf8, StandardCharsets.ISO_8859_1).equals(value)) {
                generator.writeUTF8String(utf8, 0, utf8.length);
                return;
            }
        }
        generator.writeString(value);
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, String value) {
        return value == null || value.isEmpty();
    }
}

package arr.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.chain.CanonicalJson;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The message as text is written as the verifier writes it again from the stored source, for any text: the chain
 * covers those bytes. ASCII is written from its bytes ({@link AsciiTextSerializer}); written so, a character beyond the
 * BMP came out raw where the tree escapes it as a surrogate pair, which this test found.
 */
class RawTextTest {

    private static AuditDocument withRawText(String text) {
        return new AuditDocument("id", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, text, 0, null, null);
    }

    /** ASCII with quotes, a backslash and control characters (written from its bytes), and any script (not). */
    @ParameterizedTest
    @ValueSource(strings = {
            "<85>1 - - - - - <A b=\"c\\d\">\t\u0001\u001f\u007f &amp; </A>\n",
            "<85>1 - - - - - <A b=\"c\\d\">\t\u0001\u001f\u007f M\u00fcller \u4e2d \ud83d\ude00 \u2028</A>"})
    void textIsWrittenAsTheVerifierWritesIt(String text) {
        byte[] written = CanonicalJson.of(withRawText(text));

        assertThat(CanonicalJson.of(CanonicalJson.parse(written))).isEqualTo(written);
        assertThat(CanonicalJson.parse(written).path("rawText").asText()).isEqualTo(text);
    }

    @Test
    void aLoneSurrogateAmongAsciiIsWrittenAsTheTreeWritesItNotAsAQuestionMark() {
        byte[] written = CanonicalJson.of(withRawText("a\ud800b"));
        assertThat(CanonicalJson.of(CanonicalJson.parse(written))).isEqualTo(written);
        assertThat(new String(written, StandardCharsets.UTF_8)).doesNotContain("a?b");
    }

    @Property
    void anyAsciiTextIsWrittenAsTheStoredSourceIsWrittenAgain(@ForAll @CharRange(from = 0, to = 127) String text) {
        byte[] written = CanonicalJson.of(withRawText(text));
        assertThat(CanonicalJson.of(CanonicalJson.parse(written))).isEqualTo(written);
        if (!text.isEmpty()) {
            assertThat(CanonicalJson.parse(written).path("rawText").asText()).isEqualTo(text);
        }
    }

    @Property
    void anyWellFormedTextIsWrittenAsTheStoredSourceIsWrittenAgain(@ForAll String text) {
        // Lone surrogates have no UTF-8 form, so no well-formed message decodes to one.
        if (!new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        byte[] written = CanonicalJson.of(withRawText(text));
        assertThat(CanonicalJson.of(CanonicalJson.parse(written))).isEqualTo(written);
        if (!text.isEmpty()) {
            assertThat(CanonicalJson.parse(written).path("rawText").asText()).isEqualTo(text);
        }
    }
}

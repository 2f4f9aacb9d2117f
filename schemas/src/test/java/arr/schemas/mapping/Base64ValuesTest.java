package arr.schemas.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Base64ValuesTest {

    @Test
    void textIsDecodedToText() {
        String value = Base64.getEncoder().encodeToString("MSH|^~\\&|A|B\rPID|1".getBytes(StandardCharsets.UTF_8));
        assertThat(Base64Values.decode(value, 1024).text()).isEqualTo("MSH|^~\\&|A|B\rPID|1");
    }

    @Test
    void binaryIsKeptAsBytes() {
        byte[] binary = {0, 1, 2, (byte) 0xff};
        Base64Values.Decoded decoded = Base64Values.decode(Base64.getEncoder().encodeToString(binary), 1024);
        assertThat(decoded.text()).isNull();
        assertThat(decoded.bytes()).isEqualTo(binary);
    }

    @Test
    void wrappedBase64IsAccepted() {
        String wrapped = Base64.getMimeEncoder().encodeToString("x".repeat(200).getBytes(StandardCharsets.UTF_8));
        assertThat(Base64Values.decode(wrapped, 1024).text()).isEqualTo("x".repeat(200));
    }

    @Test
    void notBase64IsKeptAsSentAndTooLargeIsNotDecoded() {
        assertThat(Base64Values.decode("not base64!", 1024).raw()).isEqualTo("not base64!");
        Base64Values.Decoded big = Base64Values.decode("QUJD".repeat(1000), 1024);
        assertThat(big.tooLarge()).isTrue();
        assertThat(big.raw()).hasSize(4000);
    }
}

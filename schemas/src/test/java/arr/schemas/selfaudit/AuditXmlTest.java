package arr.schemas.selfaudit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditXmlTest {

    @Test
    void markupIsEscapedAndCharactersXmlForbidsBecomeSpaces() {
        assertThat(AuditXml.escape("<a href=\"x\">&'")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
        assertThat(AuditXml.escape("a\u0001b\uFFFEc\uFFFFd\uD800e")).isEqualTo("a b c d e");
        assertThat(AuditXml.escape("tab\tand \uD83D\uDE00 stay")).isEqualTo("tab\tand \uD83D\uDE00 stay");
    }
}

package arr.schemas.dicom;

import arr.schemas.event.Dialect;
import java.nio.charset.StandardCharsets;

/**
 * Guesses the dialect from attribute names in the raw bytes, before parsing, so each message is
 * validated against one XSD only (standards.md §0):
 * <ul>
 *   <li>{@code csd-code} with {@code ParticipantObjectSensistity} or a {@code code} attribute on
 *       AuditSourceIdentification: DICOM 2011–2014;</li>
 *   <li>other {@code csd-code}: current DICOM, validated against the IHE-relaxed XSD (its superset);
 *       the mapper then names it {@code dicom} or {@code ihe-relaxed} from the three points where they differ;</li>
 *   <li>a {@code code} attribute and no {@code csd-code}: RFC 3881;</li>
 *   <li>neither: current DICOM family as well (the commonest today).</li>
 * </ul>
 */
public final class DialectSniffer {

    private static final byte[] CSD_CODE = bytes("csd-code");
    private static final byte[] SENSISTITY = bytes("ParticipantObjectSensistity");
    private static final byte[] AUDIT_SOURCE = bytes("<AuditSourceIdentification");
    private static final byte[] CODE_ATTRIBUTE = bytes("code=");

    private DialectSniffer() {
    }

    /** The dialect whose XSD validates {@code message[from..]}: DICOM_2014, RFC_3881 or IHE_RELAXED. */
    public static Dialect schemaFor(byte[] message, int from) {
        if (indexOf(message, CSD_CODE, from, message.length) >= 0) {
            if (indexOf(message, SENSISTITY, from, message.length) >= 0 || auditSourceHasCodeAttribute(message, from)) {
                return Dialect.DICOM_2014;
            }
            return Dialect.IHE_RELAXED;
        }
        return hasCodeAttribute(message, from, message.length) ? Dialect.RFC_3881 : Dialect.IHE_RELAXED;
    }

    private static boolean auditSourceHasCodeAttribute(byte[] message, int from) {
        int start = indexOf(message, AUDIT_SOURCE, from, message.length);
        if (start < 0) {
            return false;
        }
        int end = start;
        while (end < message.length && message[end] != '>') {
            end++;
        }
        return hasCodeAttribute(message, start, end);
    }

    /** A {@code code=} preceded by whitespace, i.e. the attribute itself, not {@code csd-code=}. */
    private static boolean hasCodeAttribute(byte[] message, int from, int to) {
        for (int i = indexOf(message, CODE_ATTRIBUTE, from, to); i >= 0; i = indexOf(message, CODE_ATTRIBUTE, i + 1, to)) {
            if (i > 0 && isXmlSpace(message[i - 1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isXmlSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        int last = to - needle.length;
        byte first = needle[0];
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

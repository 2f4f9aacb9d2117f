package arr.schemas.dicom;

import arr.schemas.event.Dialect;

/**
 * Looks at attribute names in the raw bytes, in one pass and before parsing, to choose the one XSD a
 * message is validated against (standards.md §0) and whether it needs normalizing before validation:
 * <ul>
 *   <li>{@code csd-code} with {@code ParticipantObjectSensistity} or a {@code code} attribute on
 *       AuditSourceIdentification: DICOM 2011–2014;</li>
 *   <li>other {@code csd-code}: current DICOM, validated against the IHE-relaxed XSD (its superset); the
 *       mapper then names it {@code dicom} or {@code ihe-relaxed} from the three points where they differ;</li>
 *   <li>a {@code code} attribute and no {@code csd-code}: RFC 3881;</li>
 *   <li>neither: the current DICOM family as well (the commonest today).</li>
 * </ul>
 * A default namespace, a prefixed root or an {@code xsi:type} means the message must be normalized before
 * the validator sees it (see {@link ReadingPipeline}).
 */
public final class DialectSniffer {

    /**
     * What the sniff found.
     *
     * @param schema          the dialect whose XSD validates the message
     * @param normalizeFirst  a default namespace declaration, a prefixed root or {@code xsi:type} is present
     */
    public record Sniff(Dialect schema, boolean normalizeFirst) {
    }

    private DialectSniffer() {
    }

    public static Dialect schemaFor(byte[] message, int from) {
        return sniff(message, from).schema();
    }

    /** One pass over the bytes, looking at the attribute name before each {@code =}. */
    public static Sniff sniff(byte[] message, int from) {
        boolean csdCode = false;
        boolean code = false;
        boolean sourceCode = false;
        boolean sensistity = false;
        boolean normalizeFirst = false;
        int elementStart = -1;
        boolean rootSeen = false;
        for (int i = Math.max(from, 0); i < message.length; i++) {
            byte b = message[i];
            if (b == '<') {
                elementStart = i + 1;
                if (!rootSeen && i + 1 < message.length && message[i + 1] != '?' && message[i + 1] != '!') {
                    rootSeen = true;
                    normalizeFirst |= prefixedName(message, i + 1);
                }
            } else if (b == '=') {
                int end = i;
                while (end > 0 && isXmlSpace(message[end - 1])) {
                    end--;
                }
                if (endsWith(message, end, "csd-code")) {
                    csdCode = true;
                } else if (endsWith(message, end, "code") && end >= 5 && isXmlSpace(message[end - 5])) {
                    code = true;
                    sourceCode |= elementStart >= 0 && startsWith(message, elementStart, "AuditSourceIdentification");
                } else if (endsWith(message, end, "Sensistity")) {
                    sensistity = true;
                } else if (endsWith(message, end, "xmlns") || endsWith(message, end, "xsi:type")) {
                    normalizeFirst = true;
                }
            }
        }
        Dialect dialect = csdCode
                ? (sensistity || sourceCode ? Dialect.DICOM_2014 : Dialect.IHE_RELAXED)
                : (code ? Dialect.RFC_3881 : Dialect.IHE_RELAXED);
        return new Sniff(dialect, normalizeFirst);
    }

    /** Whether the element name starting at {@code start} has a namespace prefix. */
    private static boolean prefixedName(byte[] message, int start) {
        for (int i = start; i < message.length; i++) {
            byte b = message[i];
            if (b == ':') {
                return true;
            }
            if (isXmlSpace(b) || b == '>' || b == '/') {
                return false;
            }
        }
        return false;
    }

    private static boolean endsWith(byte[] message, int end, String name) {
        int start = end - name.length();
        if (start < 0) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (message[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] message, int start, String name) {
        return start + name.length() <= message.length && endsWith(message, start + name.length(), name);
    }

    private static boolean isXmlSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}

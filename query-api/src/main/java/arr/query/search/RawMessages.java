package arr.query.search;

import arr.schemas.index.AuditDocument;
import java.nio.charset.StandardCharsets;

/** The audit XML exactly as received: the stored syslog message after its header, without a leading BOM. */
final class RawMessages {

    private RawMessages() {
    }

    /** The XML; empty for an empty message (whose document holds no raw value: empty values are left out). */
    static String xml(AuditDocument d) {
        byte[] raw = d.rawBytes();
        if (raw == null) {
            return "";
        }
        int start = d.transport() == null ? 0 : Math.min(Math.max(d.transport().msgOffset(), 0), raw.length);
        if (raw.length - start >= 3 && (raw[start] & 0xff) == 0xEF && (raw[start + 1] & 0xff) == 0xBB
                && (raw[start + 2] & 0xff) == 0xBF) {
            start += 3;
        }
        return new String(raw, start, raw.length - start, StandardCharsets.UTF_8);
    }
}

package arr.schemas.syslog;

import java.nio.charset.StandardCharsets;

/**
 * Parses the header of one syslog message and finds MSG, leniently: any PRI is accepted, RFC 3164
 * headers are tolerated, a frame without PRI is all MSG. It never fails: a header it cannot follow
 * ends where the XML begins. Works on bytes, so MSG stays exactly as received.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5424#section-6">RFC 5424 §6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3164#section-4.1">RFC 3164 §4.1</a>
 */
public final class Rfc5424Parser {

    private static final int MAX_PRI_DIGITS = 3;
    private static final java.util.regex.Pattern BSD_TIMESTAMP =
            java.util.regex.Pattern.compile("[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}");
    /** The start of an RFC 3339 time; a host name may start with a digit (an IPv4 address), a time is more than that. */
    private static final java.util.regex.Pattern RFC3339_DATE = java.util.regex.Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T");

    private Rfc5424Parser() {
    }

    public static SyslogMessage parse(byte[] frame) {
        Cursor c = new Cursor(frame);
        if (!c.at('<')) {
            return new SyslogMessage(SyslogHeader.none(), frame, 0);
        }
        int priEnd = c.indexOf('>', 1, 1 + MAX_PRI_DIGITS + 1);
        Integer pri = priEnd > 1 ? c.number(1, priEnd) : null;
        if (pri == null) {
            return new SyslogMessage(SyslogHeader.none(), frame, 0);
        }
        c.pos = priEnd + 1;
        int versionEnd = c.tokenEnd();
        Integer version = versionEnd > c.pos && versionEnd < frame.length && frame[versionEnd] == ' '
                ? c.number(c.pos, versionEnd) : null;
        if (version == null) {
            return rfc3164(c, pri);
        }
        c.pos = versionEnd + 1;
        String timestamp = c.field();
        String hostname = c.field();
        String appName = c.field();
        String procId = c.field();
        String msgId = c.field();
        String sd = c.structuredData();
        if (c.pos < frame.length && frame[c.pos] == ' ') {
            c.pos++;
        }
        return new SyslogMessage(new SyslogHeader(pri, pri / 8, pri % 8, version, timestamp, hostname, appName, procId,
                msgId, sd, "rfc5424"), frame, Math.min(c.pos, frame.length));
    }

    /** {@code <PRI>Mmm dd hh:mm:ss HOSTNAME TAG: MSG}; MSG is taken to start at the XML. */
    private static SyslogMessage rfc3164(Cursor c, int pri) {
        int xml = c.indexOf('<', c.pos, c.bytes.length);
        int bom = c.indexOfBom(c.pos);
        int msg = bom >= 0 && (xml < 0 || bom < xml) ? bom : xml >= 0 ? xml : c.bytes.length;
        String header = new String(c.bytes, c.pos, msg - c.pos, StandardCharsets.UTF_8).trim();
        // The BSD timestamp ("Oct 11 22:14:15") has a fixed width; senders that kept 3164's layout with an RFC 3339
        // time ("2024-06-25T13:47:57.600Z") have it as the first word; a header with neither starts with the host.
        String timestamp;
        String rest;
        if (BSD_TIMESTAMP.matcher(header).lookingAt()) {
            timestamp = header.substring(0, 15);
            rest = header.substring(15).trim();
        } else if (RFC3339_DATE.matcher(header).lookingAt()) {
            int end = header.indexOf(' ');
            timestamp = end < 0 ? header : header.substring(0, end);
            rest = end < 0 ? "" : header.substring(end + 1).trim();
        } else {
            timestamp = null;
            rest = header;
        }
        String[] parts = rest.split(" ", 2);
        String hostname = parts[0].isEmpty() ? null : parts[0];
        String tag = parts.length > 1 ? parts[1].replaceAll(":$", "") : null;
        return new SyslogMessage(new SyslogHeader(pri, pri / 8, pri % 8, null, timestamp, hostname, tag, null, null,
                null, "rfc3164"), c.bytes, msg);
    }

    private static final class Cursor {
        private final byte[] bytes;
        private int pos;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean at(char ch) {
            return pos < bytes.length && bytes[pos] == ch;
        }

        int indexOf(char ch, int from, int to) {
            for (int i = from; i < Math.min(to, bytes.length); i++) {
                if (bytes[i] == ch) {
                    return i;
                }
            }
            return -1;
        }

        int indexOfBom(int from) {
            for (int i = from; i + 2 < bytes.length; i++) {
                if (bytes[i] == (byte) 0xEF && bytes[i + 1] == (byte) 0xBB && bytes[i + 2] == (byte) 0xBF) {
                    return i;
                }
            }
            return -1;
        }

        Integer number(int from, int to) {
            if (to - from < 1 || to - from > 9) {
                return null;
            }
            int value = 0;
            for (int i = from; i < to; i++) {
                if (bytes[i] < '0' || bytes[i] > '9') {
                    return null;
                }
                value = value * 10 + (bytes[i] - '0');
            }
            return value;
        }

        int tokenEnd() {
            int i = pos;
            while (i < bytes.length && bytes[i] != ' ' && bytes[i] != '\n') {
                i++;
            }
            return i;
        }

        /** One space-terminated header field; NILVALUE is null. */
        String field() {
            int end = tokenEnd();
            String value = new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
            pos = end < bytes.length && bytes[end] == ' ' ? end + 1 : end;
            return value.equals("-") || value.isEmpty() ? null : value;
        }

        /** NILVALUE or one or more [SD-ID PARAM="value"...] elements, honouring \" \\ and \] escapes. */
        String structuredData() {
            if (at('-')) {
                pos++;
                return null;
            }
            int start = pos;
            while (at('[')) {
                boolean quoted = false;
                pos++;
                while (pos < bytes.length) {
                    byte b = bytes[pos];
                    if (quoted && b == '\\' && pos + 1 < bytes.length) {
                        pos += 2;
                        continue;
                    }
                    if (b == '"') {
                        quoted = !quoted;
                    } else if (b == ']' && !quoted) {
                        pos++;
                        break;
                    }
                    pos++;
                }
            }
            return pos > start ? new String(bytes, start, pos - start, StandardCharsets.UTF_8) : null;
        }
    }
}

package arr.schemas.index;

import arr.schemas.event.AuditSource;
import arr.schemas.event.Patient;
import arr.schemas.mapping.CxIdentifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifiers read best-effort from the text of a message that could not be normalized, so that a legal hold on a
 * patient or an audit source reaches its quarantine document too: without them a quarantined message about a held
 * patient would be deleted with its month. The message may be schema-invalid or not even well-formed, so this is a
 * scan for the attributes, not a parse; every {@code ParticipantObjectID} counts as a possible patient, because which
 * object is the patient is often exactly what is broken, and holding a month too long is the safe mistake.
 */
public final class QuarantineIdentifiers {

    /** At most this many of each, so that a huge broken message cannot make a huge document. */
    static final int MAX_VALUES = 100;

    /**
     * Longer values are skipped: they are keywords, and Elasticsearch refuses a whole document with a term over
     * 32,766 bytes, which would send the message to the dead letters instead of the quarantine. No identifier a hold
     * names is that long.
     */
    static final int MAX_LENGTH = 1024;

    private static final Pattern OBJECT_ID = attribute("ParticipantObjectID");
    private static final Pattern SOURCE_ID = attribute("AuditSourceID");
    private static final Pattern REFERENCE = Pattern.compile("&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});");

    private QuarantineIdentifiers() {
    }

    /** Every ParticipantObjectID in the message, each parsed as an HL7 CX value. */
    public static List<Patient> patients(byte[] msg) {
        List<Patient> patients = new ArrayList<>();
        for (String value : values(OBJECT_ID, msg)) {
            patients.addAll(CxIdentifier.parseAll(value));
        }
        return patients;
    }

    /** Every AuditSourceID in the message. */
    public static List<AuditSource> sources(byte[] msg) {
        List<AuditSource> sources = new ArrayList<>();
        for (String value : values(SOURCE_ID, msg)) {
            sources.add(new AuditSource(value, null, List.of()));
        }
        return sources;
    }

    private static Pattern attribute(String name) {
        return Pattern.compile("(?<![\\w:.-])" + name + "\\s*=\\s*(?:\"([^\"<]*)\"|'([^'<]*)')");
    }

    private static Set<String> values(Pattern attribute, byte[] msg) {
        Set<String> values = new LinkedHashSet<>();
        Matcher matcher = attribute.matcher(text(msg));
        while (matcher.find() && values.size() < MAX_VALUES) {
            String value = unescape(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)).strip();
            if (!value.isEmpty() && value.length() <= MAX_LENGTH) {
                values.add(value);
            }
        }
        return values;
    }

    /** The message as text: UTF-16 when its first bytes say so (a BOM, or {@code <} with a zero byte), else UTF-8. */
    static String text(byte[] msg) {
        if (msg.length >= 2) {
            int first = msg[0] & 0xff;
            int second = msg[1] & 0xff;
            if ((first == 0xfe && second == 0xff) || (first == 0 && second == '<')) {
                return new String(msg, StandardCharsets.UTF_16BE);
            }
            if ((first == 0xff && second == 0xfe) || (first == '<' && second == 0)) {
                return new String(msg, StandardCharsets.UTF_16LE);
            }
        }
        return new String(msg, StandardCharsets.UTF_8);
    }

    /** XML's predefined entities and character references; anything else is left as written. */
    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> codePoint(name);
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String codePoint(String reference) {
        int code = reference.startsWith("#x") ? Integer.parseInt(reference.substring(2), 16) : Integer.parseInt(reference.substring(1));
        boolean character = Character.isValidCodePoint(code) && !(code >= 0xD800 && code <= 0xDFFF);
        return character ? new String(Character.toChars(code)) : "&" + reference + ";";
    }
}

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

    private static final Pattern OBJECT_ID = attribute("ParticipantObjectID");
    private static final Pattern SOURCE_ID = attribute("AuditSourceID");
    private static final Pattern REFERENCE = Pattern.compile("&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});");

    private QuarantineIdentifiers() {
    }

    /** Every ParticipantObjectID in the message, each parsed as an HL7 CX value. */
    public static List<Patient> patients(byte[] msg) {
        List<Patient> patients = new ArrayList<>();
        for (String value : values(OBJECT_ID, msg)) {
            patients.add(CxIdentifier.parse(value));
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
        Matcher matcher = attribute.matcher(new String(msg, StandardCharsets.UTF_8));
        while (matcher.find() && values.size() < MAX_VALUES) {
            String value = unescape(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)).strip();
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
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
        return Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "&" + reference + ";";
    }
}

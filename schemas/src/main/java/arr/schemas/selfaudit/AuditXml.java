package arr.schemas.selfaudit;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Pieces of the repository's own audit messages (DICOM PS3.15 A.5), shared by every service that writes them:
 * coded values, attribute escaping, base64 details and the RFC 5424 syslog wrapping. Each service composes its
 * messages from these and feeds them through the same validation as any device's.
 */
public final class AuditXml {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private AuditXml() {
    }

    /** {@code <element csd-code=".." codeSystemName=".." originalText=".."/>} */
    public static String code(String element, String code, String system, String text) {
        return "<" + element + " csd-code=\"" + escape(code) + "\" codeSystemName=\"" + escape(system) + "\" originalText=\""
                + escape(text) + "\"/>";
    }

    public static String eventIdentification(String action, String outcome, String codes) {
        return "<EventIdentification EventActionCode=\"" + action + "\" EventDateTime=\"" + now()
                + "\" EventOutcomeIndicator=\"" + outcome + "\">" + codes + "</EventIdentification>";
    }

    public static String auditSource(String sourceId) {
        return "<AuditSourceIdentification AuditSourceID=\"" + escape(sourceId) + "\">"
                + code("AuditSourceTypeCode", "4", "DCM", "Application Server") + "</AuditSourceIdentification>";
    }

    /** A {@code ParticipantObjectDetail} with its value base64-encoded, as A.5 requires. */
    public static String detail(String type, String value) {
        return "<ParticipantObjectDetail type=\"" + escape(type) + "\" value=\""
                + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\"/>";
    }

    /** The XML as the MSG of an RFC 5424 message from {@code appName} on {@code hostname}. */
    public static byte[] syslog(String hostname, String appName, String processId, String xml) {
        String header = "<85>1 " + now() + " " + hostname + " " + appName + " " + processId + " IHE+RFC-3881 - ";
        return (header + xml).getBytes(StandardCharsets.UTF_8);
    }

    public static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(TIME);
    }

    /**
     * Escapes for attribute values and text; characters XML 1.0 does not allow (controls, U+FFFE, U+FFFF, unpaired
     * surrogates) become spaces, so that an own audit message never fails to parse because of what a caller sent.
     */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\uFFFE' || c == '\uFFFF' || Character.isSurrogate(c) && !pairedSurrogate(value, i)) {
                out.append(' ');
                continue;
            }
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }

    private static boolean pairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}

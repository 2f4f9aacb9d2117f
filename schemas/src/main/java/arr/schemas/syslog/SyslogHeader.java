package arr.schemas.syslog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The header of a syslog message as received (RFC 5424 §6, or RFC 3164 tolerated). Fields the sender
 * left out (NILVALUE {@code -}) are null.
 *
 * @param pri            PRIVAL as sent (any value is accepted, ITI20-14), or null
 * @param facility       PRIVAL / 8, or null
 * @param severity       PRIVAL % 8, or null
 * @param version        1 for RFC 5424, null for RFC 3164
 * @param timestamp      TIMESTAMP exactly as sent
 * @param hostname       HOSTNAME
 * @param appName        APP-NAME
 * @param procId         PROCID
 * @param msgId          MSGID ({@code IHE+RFC-3881} from IHE actors, {@code DICOM+RFC3881} from DICOM ones)
 * @param structuredData STRUCTURED-DATA exactly as sent
 * @param format         {@code rfc5424}, {@code rfc3164}, or {@code none} when there was no header
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyslogHeader(Integer pri, Integer facility, Integer severity, Integer version, String timestamp,
                           String hostname, String appName, String procId, String msgId, String structuredData,
                           String format) {

    public static SyslogHeader none() {
        return new SyslogHeader(null, null, null, null, null, null, null, null, null, null, "none");
    }
}

package arr.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One ParticipantObjectDetail: its type and its base64 value, decoded.
 *
 * @param type  the detail type ({@code QueryEncoding}, {@code ihe:homeCommunityID}, ...)
 * @param text  the decoded value when it is UTF-8 text, else null
 * @param bytes the decoded value when it is not text, else null
 * @param raw   the attribute as sent when it is not valid base64 (then text and bytes are null)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectDetail(String type, String text, byte[] bytes, String raw) {
}

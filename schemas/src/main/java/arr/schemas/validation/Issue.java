package arr.schemas.validation;

/**
 * One finding about a message.
 *
 * @param level   where it was found
 * @param code    a stable identifier (see {@link IssueCode}); tests and dashboards key on it
 * @param message what is wrong, for a person
 * @param path    where: an XPath-like location such as {@code /AuditMessage/ActiveParticipant[2]/@UserID},
 *                or {@code /} for the message as a whole
 */
public record Issue(IssueLevel level, String code, String message, String path) {

    public static Issue of(IssueCode code, String message, String path) {
        return new Issue(code.level(), code.name(), message, path);
    }
}

package arr.query.investigation;

import arr.schemas.index.AuditDocument;
import java.util.List;

/**
 * A user's own addresses, from the documents' {@code userAddresses} keywords ({@code user<US>address}, see
 * {@link AuditDocument#userAddress}): the terms aggregation keeps only the keywords that start with the user, and the
 * answer shows the addresses alone.
 */
final class UserAddresses {

    private UserAddresses() {
    }

    /**
     * A Lucene regular expression matching exactly the keywords of {@code user}: every character of the user that is not
     * a letter or digit is escaped with a backslash, so nothing a user ID holds can act as an operator. Letters and digits
     * are not: Lucene reads a backslash before some of them as a character class ({@code \d}, {@code \w}, ...) and
     * refuses it before the others.
     */
    static String ofUserPattern(String user) {
        StringBuilder pattern = new StringBuilder(user.length() * 2 + 4);
        user.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c)) {
                pattern.append('\\');
            }
            pattern.appendCodePoint(c);
        });
        return pattern.append(AuditDocument.USER_ADDRESS_SEPARATOR).append(".*").toString();
    }

    /** The addresses of the user's keywords, with their counts. */
    static List<Count> addresses(List<Count> userAddresses) {
        return userAddresses.stream().map(c -> new Count(
                c.value().substring(c.value().indexOf(AuditDocument.USER_ADDRESS_SEPARATOR) + 1), c.events())).toList();
    }
}

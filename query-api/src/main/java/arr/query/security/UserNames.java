package arr.query.security;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** User names as one person: what a directory takes for the same name (case, spaces, Unicode forms) is one name here. */
final class UserNames {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private UserNames() {
    }

    /** NFKC, trimmed, runs of white space as one space, lower case. */
    static String canonical(String name) {
        return SPACES.matcher(Normalizer.normalize(name, Normalizer.Form.NFKC).strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}

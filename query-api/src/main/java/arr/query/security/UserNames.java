package arr.query.security;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** User names as one person: what a directory takes for the same name (case, spaces, Unicode forms) is one name here. */
final class UserNames {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private UserNames() {
    }

    /** NFKC, trimmed, runs of white space as one space, case-folded (upper then lower: "ß" and "SS" alike, as LDAP matches). */
    static String canonical(String name) {
        return SPACES.matcher(Normalizer.normalize(name, Normalizer.Form.NFKC).strip()).replaceAll(" ")
                .toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}

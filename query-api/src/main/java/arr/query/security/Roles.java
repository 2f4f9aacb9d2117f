package arr.query.security;

import java.util.List;

/**
 * The roles of CONTRACT.md §4. They are cumulative: a privacy officer may do all an auditor may, an admin all a
 * privacy officer may, so each endpoint names the least role it needs.
 */
public final class Roles {

    public static final String AUDITOR = "auditor";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String ADMIN = "admin";

    static final List<String> OF_AUDITOR = List.of(AUDITOR);
    static final List<String> OF_PRIVACY_OFFICER = List.of(AUDITOR, PRIVACY_OFFICER);
    static final List<String> OF_ADMIN = List.of(AUDITOR, PRIVACY_OFFICER, ADMIN);

    private Roles() {
    }
}

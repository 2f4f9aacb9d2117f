package arr.query.fhir;

import java.util.ArrayList;
import java.util.List;

/**
 * A FHIR token search value: {@code code}, {@code |code} (no system) or {@code system|code}, with the search escapes
 * {@code \|}, {@code \,}, {@code \$} and {@code \\} undone; any other backslash is kept ({@code HOSP\jdoe}).
 *
 * @param system the system, or null when the value named none ({@code code} or {@code |code})
 * @param code   the code or identifier value, never empty
 */
public record SearchToken(String system, String code) {

    /** The characters FHIR search escapes with a backslash; a backslash before any other is the character itself. */
    private static final String ESCAPED = ",$|\\";

    public static SearchToken parse(String parameter, String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && ESCAPED.indexOf(value.charAt(i + 1)) >= 0) {
                part.append(value.charAt(++i));
            } else if (c == ',') {
                throw new FhirBadRequestException("not-supported", "parameter '" + parameter + "' takes one value; "
                        + "a list of values (a,b) is not supported: repeat the search for each (a comma in a value is written \\,)");
            } else if (c == '|') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (parts.size() > 2) {
            throw new FhirBadRequestException("invalid", "parameter '" + parameter + "' must be code, |code or system|code "
                    + "(a | in a value is written \\|)");
        }
        String code = parts.get(parts.size() - 1).strip();
        if (code.isEmpty()) {
            throw new FhirBadRequestException("invalid", "parameter '" + parameter + "' names no code or identifier value");
        }
        String system = parts.size() == 2 && !parts.get(0).isEmpty() ? parts.get(0) : null;
        return new SearchToken(system, code);
    }
}

package arr.query.fhir;

import java.util.ArrayList;
import java.util.List;

/**
 * A FHIR token search value: {@code code}, {@code |code} (no system) or {@code system|code}, with the search escapes
 * {@code \|}, {@code \,}, {@code \$} and {@code \\} undone; any other backslash is kept ({@code HOSP\jdoe}). A list
 * ({@code a,b}) is split first ({@link #parseList}).
 *
 * @param system the system, or null when the value named none ({@code code} or {@code |code})
 * @param code   the code or identifier value, never empty
 */
public record SearchToken(String system, String code) {

    /** The characters FHIR search escapes with a backslash; a backslash before any other is the character itself. */
    private static final String ESCAPED = ",$|\\";

    /** The tokens of a comma-separated list ({@code a,b}: any of them), at most {@link FhirSearch#MAX_OCCURRENCES}. */
    public static List<SearchToken> parseList(String parameter, String value) {
        List<String> items = splitList(value);
        if (items.size() > FhirSearch.MAX_OCCURRENCES) {
            throw new FhirBadRequestException("invalid", "parameter '" + parameter + "' lists more than "
                    + FhirSearch.MAX_OCCURRENCES + " values");
        }
        return items.stream().map(item -> parse(parameter, item)).toList();
    }

    /** A value split at its unescaped commas, each item still escaped. */
    static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && ESCAPED.indexOf(value.charAt(i + 1)) >= 0) {
                item.append(c).append(value.charAt(++i));
            } else if (c == ',') {
                items.add(item.toString());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString());
        return items;
    }

    /** A string value with FHIR's search escapes undone. */
    static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && ESCAPED.indexOf(value.charAt(i + 1)) >= 0) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    public static SearchToken parse(String parameter, String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && ESCAPED.indexOf(value.charAt(i + 1)) >= 0) {
                part.append(value.charAt(++i));
            } else if (c == ',') {
                throw new FhirBadRequestException("invalid", "parameter '" + parameter + "' takes one value here "
                        + "(a comma in a value is written \\,)");
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

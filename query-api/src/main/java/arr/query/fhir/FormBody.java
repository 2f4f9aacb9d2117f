package arr.query.fhir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body as parameters, in order, repeated names kept; bounded like a GET
 * search's URL, so that a POST search cannot ask for what a GET one could not (its next links are GET searches).
 */
final class FormBody {

    /** The longest body: the query API's longest request line (micronaut.server.netty.max-initial-line-length). */
    static final int MAX_LENGTH = 262_144;
    /** The most parameters: what Netty takes in a query string. */
    static final int MAX_PARAMETERS = 1024;

    private FormBody() {
    }

    /** @throws FhirBadRequestException when the body is too long, has too many parameters, or an escape is malformed */
    static Map<String, List<String>> read(String body) {
        if (body.length() > MAX_LENGTH) {
            throw new FhirBadRequestException("too-long", "the form body is longer than " + MAX_LENGTH + " characters");
        }
        String[] pairs = body.split("&");
        if (pairs.length > MAX_PARAMETERS) {
            throw new FhirBadRequestException("too-long", "the form body has more than " + MAX_PARAMETERS + " parameters");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new FhirBadRequestException("invalid", "the form body is not application/x-www-form-urlencoded: "
                    + e.getMessage());
        }
    }
}

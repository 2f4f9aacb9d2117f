package arr.query.fhir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body as parameters, in order, repeated names kept. */
final class FormBody {

    private FormBody() {
    }

    /** @throws FhirBadRequestException when an escape is malformed */
    static Map<String, List<String>> read(String body) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
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

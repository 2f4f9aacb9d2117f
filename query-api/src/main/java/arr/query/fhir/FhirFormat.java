package arr.query.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** The two FHIR formats served, chosen by {@code _format} or else the {@code Accept} header (JSON by default). */
public enum FhirFormat {

    JSON(FhirFormat.JSON_TYPE),
    XML(FhirFormat.XML_TYPE);

    public static final String JSON_TYPE = "application/fhir+json";
    public static final String XML_TYPE = "application/fhir+xml";

    private static final FhirContext R4 = FhirContext.forR4Cached();

    private final String mediaType;

    FhirFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType + ";charset=utf-8";
    }

    /** A parser per call: HAPI's parsers are cheap to make and not meant to be shared between threads. */
    public String write(IBaseResource resource) {
        IParser parser = this == JSON ? R4.newJsonParser() : R4.newXmlParser();
        return parser.encodeResourceToString(resource);
    }

    /**
     * @param format the {@code _format} parameter, or null. As HAPI reads it: MIME parameters ({@code ;fhirVersion=4.0})
     *               are ignored, and a space is a {@code +} a client did not escape in the URL (which decodes it to one)
     * @param accept the {@code Accept} header, or null: the acceptable format with the highest quality, the first
     *               named on a tie; a quality of 0 means not acceptable
     */
    public static FhirFormat of(String format, String accept) {
        if (format != null) {
            FhirFormat named = named(mediaTypeOf(format).replace(' ', '+'));
            if (named == null) {
                throw new FhirBadRequestException("not-supported", "_format must be json or xml "
                        + "(application/fhir+json or application/fhir+xml)");
            }
            return named;
        }
        FhirFormat best = JSON;
        double bestQuality = -1;
        for (String range : accept == null ? new String[0] : accept.split(",")) {
            FhirFormat named = named(mediaTypeOf(range));
            double quality = quality(range);
            if (named != null && quality > 0 && quality > bestQuality) {
                best = named;
                bestQuality = quality;
            }
        }
        return best;
    }

    private static String mediaTypeOf(String value) {
        int parameters = value.indexOf(';');
        return (parameters < 0 ? value : value.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    /** The format a media type (or {@code _format} short name) names; JSON for wildcards; null for anything else. */
    private static FhirFormat named(String type) {
        return switch (type) {
            case "json", "application/json", "application/fhir+json", "application/json+fhir", "*/*", "application/*" -> JSON;
            case "xml", "text/xml", "application/xml", "application/fhir+xml", "application/xml+fhir" -> XML;
            default -> null;
        };
    }

    /** The {@code q} parameter of a media range: 1 when absent, 0 (not acceptable) when unreadable. */
    private static double quality(String range) {
        String[] parts = range.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                try {
                    double q = Double.parseDouble(parameter.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}

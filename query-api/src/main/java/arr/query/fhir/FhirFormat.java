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
        // Per format, the quality of the most specific range naming it: a type named outright, else a wildcard. A q=0
        // named outright excludes the format whatever a wildcard says. The highest quality above 0 wins; on a tie, the
        // format named outright, then the one named first.
        double[] named = {-1, -1};
        double[] wildcard = {-1, -1};
        int[] firstNamed = {Integer.MAX_VALUE, Integer.MAX_VALUE};
        String[] ranges = accept == null ? new String[0] : accept.split(",");
        for (int i = 0; i < ranges.length; i++) {
            String type = mediaTypeOf(ranges[i]);
            double quality = quality(ranges[i]);
            if (type.equals("*/*") || type.equals("application/*")) {
                wildcard[0] = Math.max(wildcard[0], quality);
                wildcard[1] = Math.max(wildcard[1], quality);
                continue;
            }
            FhirFormat namedFormat = named(type);
            if (namedFormat != null) {
                int f = namedFormat.ordinal();
                named[f] = Math.max(named[f], quality);
                firstNamed[f] = Math.min(firstNamed[f], i);
            }
        }
        double json = named[JSON.ordinal()] >= 0 ? named[JSON.ordinal()] : wildcard[JSON.ordinal()];
        double xml = named[XML.ordinal()] >= 0 ? named[XML.ordinal()] : wildcard[XML.ordinal()];
        if (xml <= 0 && json <= 0) {
            return JSON;
        }
        if (xml != json) {
            return xml > json ? XML : JSON;
        }
        boolean xmlNamed = named[XML.ordinal()] >= 0;
        boolean jsonNamed = named[JSON.ordinal()] >= 0;
        if (xmlNamed != jsonNamed) {
            return xmlNamed ? XML : JSON;
        }
        return firstNamed[XML.ordinal()] < firstNamed[JSON.ordinal()] ? XML : JSON;
    }

    private static String mediaTypeOf(String value) {
        int parameters = value.indexOf(';');
        return (parameters < 0 ? value : value.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    /** The format a media type (or {@code _format} short name) names; null for anything else. */
    private static FhirFormat named(String type) {
        return switch (type) {
            case "json", "application/json", "application/fhir+json", "application/json+fhir" -> JSON;
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

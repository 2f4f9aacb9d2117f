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
     * @param format the {@code _format} parameter, or null
     * @param accept the {@code Accept} header, or null
     */
    public static FhirFormat of(String format, String accept) {
        if (format != null) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "json", "application/json", "application/fhir+json" -> JSON;
                case "xml", "text/xml", "application/xml", "application/fhir+xml" -> XML;
                default -> throw new FhirBadRequestException("not-supported", "_format must be json or xml "
                        + "(application/fhir+json or application/fhir+xml)");
            };
        }
        String media = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        int xml = first(media, "application/fhir+xml", "application/xml+fhir", "application/xml", "text/xml");
        int json = first(media, "json");
        return xml >= 0 && (json < 0 || xml < json) ? XML : JSON;
    }

    /** Where the first of these media types appears in an Accept header, or -1. */
    private static int first(String accept, String... types) {
        int first = -1;
        for (String type : types) {
            int at = accept.indexOf(type);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}

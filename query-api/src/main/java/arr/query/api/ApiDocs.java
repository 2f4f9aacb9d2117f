package arr.query.api;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The query parameters of the endpoints, for the OpenAPI document only: the controllers read them strictly through
 * {@link arr.query.search.RequestParameters}, which refuses any other parameter.
 */
final class ApiDocs {

    private ApiDocs() {
    }

    /** The event filters shared by search and export (CONTRACT.md §4). */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "earliest event time, ISO-8601 with offset or a date",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "latest event time, inclusive; a date includes that day (UTC)",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "patient", in = ParameterIn.QUERY,
            description = "a patient ID alone (any assigning authority) or an HL7 CX value ID^^^&OID&ISO (exact)",
                    schema = @Schema(implementation = String.class))
    @Parameter(name = "user", in = ParameterIn.QUERY, description = "a participant's UserID or AlternativeUserID",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "eventId", in = ParameterIn.QUERY, description = "EventID code, such as 110110",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "eventType", in = ParameterIn.QUERY, description = "EventTypeCode code, such as ITI-8 or 110122",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "action", in = ParameterIn.QUERY, schema = @Schema(implementation = String.class, allowableValues = {"C", "R", "U", "D", "E"}))
    @Parameter(name = "outcome", in = ParameterIn.QUERY, schema = @Schema(implementation = String.class, allowableValues = {"0", "4", "8", "12"}))
    @Parameter(name = "source", in = ParameterIn.QUERY, description = "AuditSourceID",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "object", in = ParameterIn.QUERY, description = "a ParticipantObjectID",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "address", in = ParameterIn.QUERY, description = "a participant's NetworkAccessPointID",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "free text over names and descriptions (simple query syntax)",
            schema = @Schema(implementation = String.class))
    @Parameter(name = "validation", in = ParameterIn.QUERY, schema = @Schema(implementation = String.class, allowableValues = {"valid", "warning"}))
    @Parameter(name = "objectType", in = ParameterIn.QUERY,
            description = "ParticipantObjectTypeCode of any object: 1 person, 2 system object, 3 organization, 4 other",
            schema = @Schema(type = "integer", minimum = "1", maximum = "4"))
    @Parameter(name = "objectRole", in = ParameterIn.QUERY,
            description = "ParticipantObjectTypeCodeRole of any object, such as 1 patient, 3 report, 13 security resource",
            schema = @Schema(type = "integer", minimum = "1", maximum = "24"))
    @Parameter(name = "site", in = ParameterIn.QUERY, description = "AuditEnterpriseSiteID of the audit source",
            schema = @Schema(implementation = String.class))
    @interface EventFilterParameters {
    }

    /** Paging of search and quarantine. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "page size, 1 to 1000 (default 50)",
            schema = @Schema(type = "integer", minimum = "1", maximum = "1000"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY,
            description = "the previous page's next value, unchanged, with the same filters",
                    schema = @Schema(implementation = String.class))
    @interface PagingParameters {
    }
}

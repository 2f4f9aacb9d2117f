package arr.schemas.validation;

/**
 * Every issue the validator reports, with its level and whether it makes a message {@code invalid}
 * (cannot be normalized). The names are stable: they are the {@code code} of {@link Issue}.
 */
public enum IssueCode {
    // Reading: any of these makes the message invalid.
    EMPTY_MESSAGE(IssueLevel.SCHEMA, true, "the message is empty"),
    TOO_LARGE(IssueLevel.SCHEMA, true, "the message is larger than the parser accepts"),
    INVALID_UTF8(IssueLevel.SCHEMA, true, "the bytes are not valid UTF-8"),
    DTD_NOT_ALLOWED(IssueLevel.SCHEMA, true, "a DOCTYPE is present; DTDs and entities are refused"),
    NOT_WELL_FORMED(IssueLevel.SCHEMA, true, "the message is not well-formed XML"),
    TOO_DEEP(IssueLevel.SCHEMA, true, "elements are nested deeper than allowed"),
    ATTRIBUTE_TOO_LONG(IssueLevel.SCHEMA, true, "an attribute value is longer than allowed"),
    NOT_AN_AUDIT_MESSAGE(IssueLevel.SCHEMA, true, "the root element is not AuditMessage"),
    MISSING_EVENT_IDENTIFICATION(IssueLevel.SCHEMA, true, "EventIdentification is missing"),
    MISSING_EVENT_ID(IssueLevel.SCHEMA, true, "EventID or its code is missing"),
    MISSING_EVENT_DATE_TIME(IssueLevel.SCHEMA, true, "EventDateTime is missing"),
    INVALID_EVENT_DATE_TIME(IssueLevel.SCHEMA, true, "EventDateTime is not a date and time"),
    RECORD_TOO_LARGE(IssueLevel.SCHEMA, true, "its document would be larger than a Kafka record may be; kept whole in quarantine"),
    INCOMPLETE_FRAME(IssueLevel.SCHEMA, true, "the connection ended inside an octet-counted syslog message; what arrived is kept"),
    FRAMING_ERROR(IssueLevel.SCHEMA, true, "a syslog octet count could not be read; the next bytes are kept and the connection closed"),
    PROCESSING_ERROR(IssueLevel.SCHEMA, true, "the collector failed on this message; it is kept as received"),

    // Schema deviations: the message is still normalized.
    NAMESPACED_ROOT(IssueLevel.SCHEMA, false, "AuditMessage is in an XML namespace; it has none"),
    SCHEMA_VIOLATION(IssueLevel.SCHEMA, false, "the message does not conform to its dialect's XSD"),
    DECODE_LIMIT_EXCEEDED(IssueLevel.SCHEMA, false, "a base64 value is too large to decode; kept as sent"),
    PATIENT_IDS_CUT(IssueLevel.SCHEMA, false, "a patient ID repeats more than 100 identifiers (~); the first 100 are indexed"),
    TOO_MANY_ISSUES(IssueLevel.SCHEMA, false, "further issues were not recorded"),

    // DICOM PS3.15 A.5.2 conventions.
    EVENT_TIME_WITHOUT_ZONE(IssueLevel.SEMANTIC, false, "EventDateTime has no time zone; read as UTC"),
    OUTCOME_NOT_ALLOWED(IssueLevel.SEMANTIC, false, "EventOutcomeIndicator is not 0, 4, 8 or 12"),
    MULTIPLE_REQUESTORS(IssueLevel.SEMANTIC, false, "more than one participant has UserIsRequestor=true"),
    NETWORK_ACCESS_POINT_INCOMPLETE(IssueLevel.SEMANTIC, false, "a network access point has an ID without a type or a type without an ID"),
    DOUBLE_ESCAPED_IDENTIFIER(IssueLevel.SEMANTIC, false, "a patient identifier contains '&amp;' (escaped twice)"),
    SOP_CLASS_REQUIRED(IssueLevel.SEMANTIC, false, "a study object with DICOM description details has no SOPClass"),
    EVENT_TIME_IMPLAUSIBLE(IssueLevel.SEMANTIC, false, "EventDateTime is before 1990 or more than a day ahead; the event is filed by receipt time"),
    EVENT_PAST_RETENTION(IssueLevel.SEMANTIC, false, "EventDateTime lies in a month already past the retention policy's maximum age on receipt; the event is filed by receipt time"),

    // DICOM PS3.15 A.5.3 message definitions.
    UNKNOWN_EVENT_ID(IssueLevel.SEMANTIC, false, "the DCM EventID is not one of the fifteen DICOM audit messages"),
    EVENT_ACTION_NOT_ALLOWED(IssueLevel.SEMANTIC, false, "EventActionCode is not one this message allows"),
    EVENT_TYPE_REQUIRED(IssueLevel.SEMANTIC, false, "this message needs an EventTypeCode"),
    EVENT_TYPE_NOT_ALLOWED(IssueLevel.SEMANTIC, false, "EventTypeCode is not one this message allows"),
    PARTICIPANT_ROLE_MISSING(IssueLevel.SEMANTIC, false, "a participant with a required RoleIDCode is missing"),
    PARTICIPANT_ROLE_REPEATED(IssueLevel.SEMANTIC, false, "more participants have this RoleIDCode than allowed"),
    REQUESTOR_REQUIRED(IssueLevel.SEMANTIC, false, "exactly one participant must have UserIsRequestor=true"),
    REQUESTOR_NOT_ALLOWED(IssueLevel.SEMANTIC, false, "this participant must have UserIsRequestor=false"),
    MEDIA_MISSING(IssueLevel.SEMANTIC, false, "the media participant lacks MediaIdentifier/MediaType"),
    NETWORK_ACCESS_POINT_REQUIRED(IssueLevel.SEMANTIC, false, "the authenticated user needs NetworkAccessPointTypeCode and NetworkAccessPointID"),
    OBJECTS_NOT_ALLOWED(IssueLevel.SEMANTIC, false, "this message has no participant objects"),
    PATIENT_OBJECT_MISSING(IssueLevel.SEMANTIC, false, "a patient object (type 1, role 1) is required"),
    MULTIPLE_PATIENTS(IssueLevel.SEMANTIC, false, "this message is about a single patient"),
    STUDY_OBJECT_MISSING(IssueLevel.SEMANTIC, false, "a study object (ID type 110180) is required"),
    AUDIT_LOG_OBJECT_MISSING(IssueLevel.SEMANTIC, false, "the audit log object (type 2, role 13, ID type 12 URI) is required"),
    QUERY_OBJECT_MISSING(IssueLevel.SEMANTIC, false, "the query object (type 2, role 3 or 24) is required"),
    QUERY_CONTENT_MISSING(IssueLevel.SEMANTIC, false, "the query object has no ParticipantObjectQuery"),
    ALERT_DESCRIPTION_MISSING(IssueLevel.SEMANTIC, false, "an alert subject needs a ParticipantObjectDetail of type 'Alert Description'");

    private final IssueLevel level;
    private final boolean fatal;
    private final String summary;

    IssueCode(IssueLevel level, boolean fatal, String summary) {
        this.level = level;
        this.fatal = fatal;
        this.summary = summary;
    }

    public IssueLevel level() {
        return level;
    }

    /** Whether a message with this issue cannot be normalized (status {@code invalid}). */
    public boolean fatal() {
        return fatal;
    }

    /** One line for the README and for messages without more context. */
    public String summary() {
        return summary;
    }
}

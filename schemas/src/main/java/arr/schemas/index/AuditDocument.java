package arr.schemas.index;

import arr.schemas.envelope.Transport;
import arr.schemas.event.Patient;
import arr.schemas.validation.ValidationResult;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The Elasticsearch document of one message, as mapped by {@code elasticsearch/audit-document.component-template.json}
 * (dynamic: strict, schema version {@value #SCHEMA_VERSION}). One shape for events and quarantined messages (whose
 * event fields are absent).
 * <p>
 * The document is lean on purpose: it holds what the API searches, sorts, aggregates or exports, what cannot be read
 * again from the message (receipt, transport, the verdict), and the raw message, stored and not indexed. Everything
 * else a normalized event has (code systems and meanings, roles, object details, purposes of use, ...) is read again
 * from {@code raw} when an event is shown ({@link RawEvents}): a document of every normalized field cost Elasticsearch
 * about half as much again per document (README, "The document").
 * <p>
 * Nothing is nested: participants are plain objects, so a search by user and one by address each match any
 * participant, and "this user from that address" is the keyword {@code userAddresses} ({@link #userAddress}).
 * Patients are matched by their whole CX value or their ID. {@code freeText} gathers names and descriptions for
 * full-text search. {@code sourceKey} is the Kafka record key (AuditSourceID or {@code peer:<address>}), the unit of
 * reconciliation.
 * <p>
 * The message as received is in {@code rawText} when its bytes are well-formed UTF-8 (nearly always), else in
 * {@code raw} (base64, as schema 4 held every message): a JSON string of the text is a quarter shorter than its base64
 * and compresses far better, which made a stored document about 28% smaller (README, "Elasticsearch documents"). At
 * most one of the two is present (neither for an empty message); {@link #rawBytes} gives the bytes back either way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditDocument(
        String id,
        Instant receivedAt,
        Time eventTime,
        Code eventId,
        List<Code> eventTypes,
        String action,
        Integer outcome,
        List<Participant> participants,
        List<String> userAddresses,
        List<Source> sources,
        List<ObjectRef> objects,
        List<Patient> patients,
        String freeText,
        ValidationResult validation,
        Transport transport,
        byte[] raw,
        @JsonSerialize(using = AsciiTextSerializer.class) String rawText,
        long rawSize,
        String sourceKey,
        ChainLink chain) {

    /** The mapping's {@code _meta.schemaVersion}; bumped with any change of the mapping. */
    public static final int SCHEMA_VERSION = 7;

    /**
     * The searched fields each schema added, by the schema that added them: an index created before that schema and
     * given its mappings later holds documents without them, so a search by one of them would miss those documents.
     * The indexer names them in such an index's {@code _meta.partialFields} ({@link #PARTIAL_FIELDS_META}), and the
     * query API refuses to search them there.
     */
    public static final java.util.Map<Integer, List<String>> FIELDS_ADDED_IN = java.util.Map.of(7, List.of("objects.type", "objects.role"));

    /** The mapping's {@code _meta} key listing the fields only some of an index's documents may hold. */
    public static final String PARTIAL_FIELDS_META = "partialFields";

    /**
     * The oldest schema whose indices this version searches correctly: schema 3 nested its participants, which this
     * version's searches do not look into; schema 4 differs only in holding every message in {@code raw}, which this
     * version still reads, and schema 5 only in indexing searched keywords of any length, which made Elasticsearch
     * refuse a document holding one over 32,766 bytes (schema 6 leaves most of them out of the index instead). Raised
     * only by a change that makes older indices unsearchable alike, not by an added field or setting (the indexer puts
     * them on existing indices).
     */
    public static final int OLDEST_COMPATIBLE_SCHEMA = 4;

    /**
     * The oldest version whose readers (the query API) search this schema's indices alike, written in the mapping's
     * {@code _meta.readableFromSchema}: schema 6 only adds limits to keywords, which a reader of schema 5 searches
     * alike, and schema 7 only adds the objects' type and role, which a reader of schema 5 or 6 does not search; schema 5 added {@code rawText}, which a reader of schema 4 does not read. So an indexer of this version
     * may run beside a query API of schema 5 while they are upgraded.
     */
    public static final int READABLE_FROM_SCHEMA = 5;

    /**
     * Separates user and address in {@code userAddresses}: a control character, which XML 1.0 text never holds (a value
     * that holds it anyway, through XML 1.1, gets no {@code userAddresses} keyword).
     */
    public static final char USER_ADDRESS_SEPARATOR = '\u001f';

    /** The {@code userAddresses} value of a user (UserID or AlternativeUserID) seen at an address. */
    public static String userAddress(String user, String address) {
        return user + USER_ADDRESS_SEPARATOR + address;
    }

    /** The message as received: {@code rawText} as UTF-8, or {@code raw}; null when the document holds neither. */
    @JsonIgnore
    public byte[] rawBytes() {
        return rawText != null ? rawText.getBytes(StandardCharsets.UTF_8) : raw;
    }

    /** The event time with the offset the device sent. */
    public record Time(OffsetDateTime value) {
    }

    /** A code, with its meaning where the export shows it (the EventID's). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Code(String code, String display) {
    }

    /** What the investigations read of an ActiveParticipant. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Participant(String userId, String alternativeUserId, String userName, Boolean requestor,
                              String networkAccessPointId) {
    }

    /** An AuditSourceIdentification's ID and site. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String id, String site) {
    }

    /**
     * A ParticipantObjectIdentification as searched: its ID and, since schema 7, its ParticipantObjectTypeCode and
     * ParticipantObjectTypeCodeRole (FHIR's {@code entity-type} and {@code entity-role}). Kept flat like the
     * participants: FHIR matches each search parameter against any entity, not one entity against all of them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObjectRef(String id, Integer type, Integer role) {
    }
}

package arr.query.export;

import java.util.List;

/**
 * The part of a stored document a CSV row needs, read with {@code _source} filtering so that Elasticsearch sends and
 * the service decodes nothing else (no raw message, no details). Times stay the strings Elasticsearch stored: they
 * are written out as they are, so parsing them would only cost time.
 */
public record ExportedEvent(String id, Time eventTime, String receivedAt, Code eventId, List<Code> eventTypes,
                            String action, Integer outcome, List<Participant> participants, List<Patient> patients,
                            List<Item> objects, List<Source> sources, Validation validation) {

    /** Only {@code value}, as the device sent it (offset kept). */
    public record Time(String value) {
    }

    public record Code(String code, String display) {
    }

    public record Participant(String userId, String userName, Boolean requestor, String networkAccessPointId) {
    }

    public record Patient(String cx) {
    }

    public record Item(String id) {
    }

    public record Source(String id, String site) {
    }

    public record Validation(String status) {
    }
}

package arr.query.search;

import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditSource;
import arr.schemas.event.CodedValue;
import arr.schemas.event.Dialect;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.ParticipantObject;
import arr.schemas.event.Patient;
import arr.schemas.index.AuditDocument;
import arr.schemas.index.RawEvents;
import arr.schemas.validation.ValidationResult;
import arr.schemas.validation.ValidationStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EVENT of CONTRACT.md §4: one normalized audit message as the API shows it. {@code eventTime} keeps the offset the
 * device sent; {@code source} is the (first) AuditSourceIdentification; {@code raw} is only filled on the detail.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(
        // The fields CONTRACT.md §4 lists are always present, null when the message has none (no action, say); the
        // others only when they have a value, and raw only on the detail.
        @JsonInclude(JsonInclude.Include.ALWAYS) String id,
        @JsonInclude(JsonInclude.Include.ALWAYS) String eventTime,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant receivedAt,
        Dialect dialect,
        @JsonInclude(JsonInclude.Include.ALWAYS) CodedValue eventId,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<CodedValue> eventTypes,
        @JsonInclude(JsonInclude.Include.ALWAYS) String action,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer outcome,
        String outcomeDescription,
        List<CodedValue> purposesOfUse,
        @JsonInclude(JsonInclude.Include.ALWAYS) AuditSource source,
        List<AuditSource> sources,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<ActiveParticipant> participants,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<ParticipantObject> objects,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Patient> patients,
        List<String> studyUids,
        @JsonInclude(JsonInclude.Include.ALWAYS) ValidationResult validation,
        @JsonInclude(JsonInclude.Include.ALWAYS) TransportView transport,
        String raw) {

    /**
     * The event of a stored document. The document holds only what is searched, so the rest of the event is read again
     * from its raw message ({@link RawEvents}), which makes the very event the collector made. Should that ever fail
     * (a message that no longer reads, or a raw message not found), the view shows what the document holds: the
     * indexed IDs and codes, the EventID's meaning and the user names, without the rest.
     */
    public static EventView of(AuditDocument d, boolean withRaw) {
        return of(d, d.rawBytes(), withRaw);
    }

    /** @param raw the document's raw message, fetched apart from it */
    static EventView of(AuditDocument d, byte[] raw, boolean withRaw) {
        boolean normalized = d.validation() == null || d.validation().status() != ValidationStatus.INVALID;
        Optional<AuditEvent> event = normalized ? RawEvents.of(raw) : Optional.empty();
        if (event.isEmpty()) {
            return fromDocument(d, normalized, withRaw);
        }
        AuditEvent e = event.get();
        return new EventView(d.id(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.eventTime().value()), d.receivedAt(),
                e.dialect(), e.eventId(), e.eventTypes(), e.action(), e.outcome(), e.outcomeDescription(), e.purposesOfUse(),
                e.source().orElse(null), e.sources(), e.participants(), e.objects(), e.patients(), e.studyUids(),
                d.validation(), TransportView.of(d.transport()), withRaw ? RawMessages.xml(d) : null);
    }

    private static EventView fromDocument(AuditDocument d, boolean normalized, boolean withRaw) {
        // A quarantined message's patients and sources were found by scanning its text for legal holds; they are not
        // what a normalized event asserts, so the API does not show them as if they were.
        List<AuditSource> sources = new ArrayList<>();
        if (normalized) {
            orEmpty(d.sources()).forEach(s -> sources.add(new AuditSource(s.id(), s.site(), List.of())));
        }
        List<ActiveParticipant> participants = new ArrayList<>();
        orEmpty(d.participants()).forEach(p -> participants.add(new ActiveParticipant(p.userId(), p.alternativeUserId(),
                p.userName(), p.requestor(), p.networkAccessPointId(), null, List.of(), null)));
        List<ParticipantObject> objects = new ArrayList<>();
        orEmpty(d.objects()).forEach(o -> objects.add(new ParticipantObject(o.id(), null, null, null, null, null, null, null,
                null, List.of(), List.of(), null)));
        List<CodedValue> eventTypes = new ArrayList<>();
        orEmpty(d.eventTypes()).forEach(t -> eventTypes.add(CodedValue.of(t.code(), null, t.display())));
        return new EventView(d.id(),
                d.eventTime() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(d.eventTime().value()),
                d.receivedAt(),
                d.validation() == null ? null : d.validation().dialect(),
                d.eventId() == null ? null : CodedValue.of(d.eventId().code(), null, d.eventId().display()),
                eventTypes,
                d.action(),
                d.outcome(),
                null,
                List.of(),
                sources.isEmpty() ? null : sources.get(0),
                sources,
                participants,
                objects,
                normalized ? orEmpty(d.patients()) : List.of(),
                List.of(),
                d.validation(),
                TransportView.of(d.transport()),
                withRaw ? RawMessages.xml(d) : null);
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }
}

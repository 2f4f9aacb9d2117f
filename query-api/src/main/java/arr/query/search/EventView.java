package arr.query.search;

import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditSource;
import arr.schemas.event.CodedValue;
import arr.schemas.event.Dialect;
import arr.schemas.event.ParticipantObject;
import arr.schemas.event.Patient;
import arr.schemas.index.AuditDocument;
import arr.schemas.validation.ValidationResult;
import arr.schemas.validation.ValidationStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * EVENT of CONTRACT.md §4: one normalized audit message as the API shows it. {@code eventTime} keeps the offset the
 * device sent; {@code source} is the (first) AuditSourceIdentification; {@code raw} is only filled on the detail.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(
        String id,
        String eventTime,
        Instant receivedAt,
        Dialect dialect,
        CodedValue eventId,
        List<CodedValue> eventTypes,
        String action,
        Integer outcome,
        String outcomeDescription,
        List<CodedValue> purposesOfUse,
        AuditSource source,
        List<AuditSource> sources,
        List<ActiveParticipant> participants,
        List<ParticipantObject> objects,
        List<Patient> patients,
        List<String> studyUids,
        ValidationResult validation,
        TransportView transport,
        String raw) {

    public static EventView of(AuditDocument d, boolean withRaw) {
        // A quarantined message's patients and sources were found by scanning its text for legal holds; they are not
        // what a normalized event asserts, so the API does not show them as if they were.
        boolean normalized = d.validation() == null || d.validation().status() != ValidationStatus.INVALID;
        List<AuditSource> sources = d.sources() == null || !normalized ? List.of() : d.sources();
        return new EventView(d.id(),
                d.eventTime() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(d.eventTime().value()),
                d.receivedAt(),
                d.dialect(),
                d.eventId(),
                orEmpty(d.eventTypes()),
                d.action(),
                d.outcome(),
                d.outcomeDescription(),
                orEmpty(d.purposesOfUse()),
                sources.isEmpty() ? null : sources.get(0),
                sources,
                orEmpty(d.participants()),
                orEmpty(d.objects()),
                normalized ? orEmpty(d.patients()) : List.of(),
                orEmpty(d.studyUids()),
                d.validation(),
                TransportView.of(d.transport()),
                withRaw ? RawMessages.xml(d) : null);
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }
}

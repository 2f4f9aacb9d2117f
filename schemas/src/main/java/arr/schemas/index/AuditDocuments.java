package arr.schemas.index;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.AuditSource;
import arr.schemas.event.CodedValue;
import arr.schemas.event.ParticipantObject;
import arr.schemas.event.Patient;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;


/** Builds the Elasticsearch document of an envelope. */
public final class AuditDocuments {

    private AuditDocuments() {
    }

    public static AuditDocument of(AuditEnvelope envelope, ChainLink chain) {
        return of(envelope, chain, true, true, true, Integer.MAX_VALUE);
    }

    /**
     * The quarantine document of a message whose own document was too large for a Kafka record
     * ({@code RecordSizeLimit}): as {@link #of} makes it, with the scanned identifiers cut to at most
     * {@code identifierChars} characters of each kind (patients counted by ID, authority and CX value), so that the
     * document stays within a known size whatever the message holds.
     */
    public static AuditDocument ofTooLarge(AuditEnvelope quarantined, int identifierChars) {
        if (quarantined.event() != null) {
            throw new IllegalArgumentException("not a quarantined envelope: " + quarantined.id());
        }
        return of(quarantined, null, true, true, true, identifierChars);
    }

    /**
     * The document of a version 1 record (a JSON envelope), made without the quarantine scan, as such records were made
     * when the scan came: a replay after a crash must make the very document already stored, or the chain would
     * continue from a hash that was never stored. Its quarantine documents therefore carry no scanned identifiers, its
     * message is in {@code raw}, as schema 4 held it, and its objects only their IDs.
     */
    public static AuditDocument ofVersion1(AuditEnvelope envelope) {
        return of(envelope, null, false, false, false, Integer.MAX_VALUE);
    }

    /**
     * The document of a version 2 record (a schema 3 document), made as the indexer of schema 4 made it, with the
     * message in {@code raw} and only the objects' IDs: for the same reason as {@link #ofVersion1}, a replay must make
     * the document already stored.
     */
    public static AuditDocument ofVersion2(AuditEnvelope envelope) {
        return of(envelope, null, true, false, false, Integer.MAX_VALUE);
    }

    /**
     * @param objectCodes whether objects keep their type and role (schema 7), which documents of version 1 and 2 records,
     *                    made as schema 4 made them, do not
     */
    private static AuditDocument of(AuditEnvelope envelope, ChainLink chain, boolean scanQuarantined, boolean rawAsText,
                                    boolean objectCodes, int identifierChars) {
        AuditEvent e = envelope.event();
        String id = envelope.id().toString();
        String rawText = !rawAsText ? null
                : asText(envelope.raw(), e != null && envelope.transport() != null ? envelope.transport().msgOffset() : envelope.raw().length);
        if (e == null) {
            // Not normalized: the identifiers a legal hold looks for, read best-effort from the message's text.
            byte[] msg = scanQuarantined ? envelope.msg() : new byte[0];
            List<AuditSource> sources = within(QuarantineIdentifiers.sources(msg), identifierChars, s -> s.id().length());
            List<Patient> patients = within(QuarantineIdentifiers.patients(msg), identifierChars, AuditDocuments::length);
            return new AuditDocument(id, envelope.receivedAt(), null, null, null, null, null, null, null,
                    orNull(sources(sources)), null, orNull(patients), null, envelope.validation(), envelope.transport(),
                    rawUnlessText(envelope.raw(), rawText), rawText, envelope.rawSize(), envelope.kafkaKey(), chain);
        }
        List<AuditDocument.Code> eventTypes = new ArrayList<>(e.eventTypes().size());
        for (CodedValue type : e.eventTypes()) {
            eventTypes.add(new AuditDocument.Code(type.code(), null));
        }
        List<AuditDocument.Participant> participants = new ArrayList<>(e.participants().size());
        Set<String> userAddresses = new LinkedHashSet<>();
        for (ActiveParticipant p : e.participants()) {
            participants.add(new AuditDocument.Participant(p.userId(), p.alternativeUserId(), p.userName(), p.requestor(),
                    p.networkAccessPointId()));
            // A value holding the separator (XML 1.1 allows it as a character reference) could pass for another user's.
            if (separable(p.networkAccessPointId())) {
                if (separable(p.userId())) {
                    userAddresses.add(AuditDocument.userAddress(p.userId(), p.networkAccessPointId()));
                }
                if (separable(p.alternativeUserId())) {
                    userAddresses.add(AuditDocument.userAddress(p.alternativeUserId(), p.networkAccessPointId()));
                }
            }
        }
        List<AuditDocument.ObjectRef> objects = new ArrayList<>(e.objects().size());
        for (ParticipantObject o : e.objects()) {
            if (!objectCodes) {
                if (o.id() != null) {
                    objects.add(new AuditDocument.ObjectRef(o.id(), null, null));
                }
            } else if (o.id() != null || o.typeCode() != null || o.role() != null) {
                objects.add(new AuditDocument.ObjectRef(o.id(), o.typeCode(), o.role()));
            }
        }
        return new AuditDocument(id, envelope.receivedAt(), new AuditDocument.Time(e.eventTime().value()),
                new AuditDocument.Code(e.eventId().code(), e.eventId().display()), orNull(eventTypes), e.action(),
                e.outcome(), orNull(participants), orNull(new ArrayList<>(userAddresses)), orNull(sources(e.sources())),
                orNull(objects), orNull(e.patients()), freeText(e), envelope.validation(), envelope.transport(),
                rawUnlessText(envelope.raw(), rawText), rawText, envelope.rawSize(), envelope.kafkaKey(), chain);
    }

    /**
     * The message as text when its bytes are well-formed UTF-8 and escaping them for JSON, as far as it is counted,
     * does not outgrow base64: a message of control characters (six bytes each, escaped) or of characters beyond the BMP
     * (twelve bytes for four, as a surrogate pair) stays base64. Everything is counted in a message that is not a
     * normalized event. Of a normalized event the syslog header before its MSG is counted, and its MSG too when the
     * text holds a NUL, as XML in UTF-16 or UCS-4 does for every ASCII character: XML in an ASCII-compatible encoding
     * holds no NUL and no control character but tab and line ends, so escaping it at most triples it (every character
     * beyond the BMP), which the publisher's weight of three times the message covers. Counting every message cost the
     * collector 2–4 µs per message ({@code ParseValidateBenchmark}, 2026-11-28); looking for a NUL in the text is one
     * vectorized pass.
     *
     * @param counted how many leading bytes to count escapes in: the MSG offset of a normalized event, else all
     */
    static String asText(byte[] raw, int counted) {
        int end = Math.min(Math.max(counted, 0), raw.length);
        long extra = escapeExtra(raw, 0, end);
        if (outgrowsBase64(raw, extra)) {
            return null;
        }
        String text = WellFormedUtf8.decode(raw);
        if (text != null && end < raw.length && text.indexOf('\u0000') >= 0
                && outgrowsBase64(raw, extra + escapeExtra(raw, end, raw.length))) {
            return null;
        }
        return text;
    }

    private static long escapeExtra(byte[] raw, int from, int to) {
        long extra = 0;
        for (int i = from; i < to; i++) {
            extra += ESCAPE_EXTRA[raw[i] & 0xff];
        }
        return extra;
    }

    private static boolean outgrowsBase64(byte[] raw, long extra) {
        return extra * 3 > raw.length + 12L;
    }

    /**
     * What escaping a byte adds in a JSON string, as Jackson escapes: 1 for a quote, a backslash and \b\t\n\f\r, 5 for
     * other controls, 8 for the lead byte of a four-byte sequence (a character beyond the BMP, written as two escapes).
     */
    private static final byte[] ESCAPE_EXTRA = new byte[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            ESCAPE_EXTRA[b] = 5;
        }
        for (char c : new char[] {'"', '\\', '\b', '\t', '\n', '\f', '\r'}) {
            ESCAPE_EXTRA[c] = 1;
        }
        for (int b = 0xF0; b <= 0xF4; b++) {
            ESCAPE_EXTRA[b] = 8;
        }
    }

    /** The first values whose lengths add up to at most {@code chars}. */
    private static <T> List<T> within(List<T> values, int chars, ToIntFunction<T> length) {
        long total = 0;
        for (int i = 0; i < values.size(); i++) {
            total += length.applyAsInt(values.get(i));
            if (total > chars) {
                return values.subList(0, i);
            }
        }
        return values;
    }

    private static int length(Patient patient) {
        return lengthOf(patient.id()) + lengthOf(patient.authority()) + lengthOf(patient.cx());
    }

    private static int lengthOf(String value) {
        return value == null ? 0 : value.length();
    }

    private static byte[] rawUnlessText(byte[] raw, String rawText) {
        return rawText == null ? raw : null;
    }

    private static boolean separable(String value) {
        return value != null && value.indexOf(AuditDocument.USER_ADDRESS_SEPARATOR) < 0;
    }

    private static List<AuditDocument.Source> sources(List<AuditSource> sources) {
        List<AuditDocument.Source> out = new ArrayList<>(sources.size());
        for (AuditSource s : sources) {
            out.add(new AuditDocument.Source(s.id(), s.site()));
        }
        return out;
    }

    private static <T> List<T> orNull(List<T> values) {
        return values.isEmpty() ? null : values;
    }

    /**
     * The JSON mapper that reads stored documents back into {@link AuditDocument}s: the canonical form leaves empty
     * lists out (see {@code CanonicalJson}), and the event records want lists, so an absent list reads as empty.
     */
    public static ObjectMapper storedReader() {
        ObjectMapper mapper = EnvelopeCodec.mapper();
        mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        return mapper;
    }

    /** Names and descriptions, the fields a privacy officer's free-text search covers. */
    static String freeText(AuditEvent e) {
        List<String> parts = new ArrayList<>();
        parts.add(e.eventId().display());
        e.eventTypes().forEach(t -> parts.add(t.display()));
        parts.add(e.outcomeDescription());
        for (ActiveParticipant p : e.participants()) {
            parts.add(p.userName());
            parts.add(p.userId());
        }
        for (ParticipantObject o : e.objects()) {
            parts.add(o.name());
            parts.addAll(o.descriptions());
        }
        // A loop, not a stream: this runs for every message, and the stream pipeline was ~1.5% of the collector's
        // CPU samples (async-profiler, 2026-11-27).
        Set<String> distinct = new LinkedHashSet<>();
        for (String part : parts) {
            if (part != null) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    distinct.add(trimmed);
                }
            }
        }
        return distinct.isEmpty() ? null : String.join("\n", distinct);
    }

}

package arr.schemas.mapping;

import arr.schemas.dicom.jaxb.ActiveParticipantType;
import arr.schemas.dicom.jaxb.AuditMessage;
import arr.schemas.dicom.jaxb.AuditSourceIdentificationType;
import arr.schemas.dicom.jaxb.AuditSourceTypeCodeType;
import arr.schemas.dicom.jaxb.EventIdentificationType;
import arr.schemas.dicom.jaxb.ParticipantObjectIdentificationType;
import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.AuditSource;
import arr.schemas.event.CodedValue;
import arr.schemas.event.Dialect;
import arr.schemas.event.EventTime;
import arr.schemas.event.ParticipantObject;
import arr.schemas.event.Patient;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps the bound message (JAXB, lenient superset) to the normalized {@link AuditEvent}, one private
 * method per XSD element. Returns empty, with a fatal issue, when the message cannot be normalized:
 * no EventIdentification, no EventID code, no or an unreadable EventDateTime.
 */
public final class AuditEventMapper {

    private static final String EVENT_PATH = "/AuditMessage/EventIdentification";

    private final int maxDecodedBytes;

    public AuditEventMapper(int maxDecodedBytes) {
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /**
     * @param schemaDialect the dialect whose XSD validated the message
     * @param issues        receives mapping issues (fatal ones when empty is returned)
     */
    public Optional<AuditEvent> map(AuditMessage message, Dialect schemaDialect, List<Issue> issues) {
        EventIdentificationType event = message.getEventIdentification();
        if (event == null) {
            issues.add(Issue.of(IssueCode.MISSING_EVENT_IDENTIFICATION, "the message has no EventIdentification", "/AuditMessage"));
            return Optional.empty();
        }
        CodedValue eventId = CodedValues.of(event.getEventID());
        if (eventId == null) {
            issues.add(Issue.of(IssueCode.MISSING_EVENT_ID, "EventIdentification has no EventID with a code", EVENT_PATH + "/EventID"));
            return Optional.empty();
        }
        Optional<EventTime> time = eventTime(event.getEventDateTime(), issues);
        if (time.isEmpty()) {
            return Optional.empty();
        }
        List<ParticipantObject> objects = objects(message.getParticipantObjectIdentification(), issues);
        List<CodedValue> purposes = CodedValues.of(event.getPurposeOfUse());
        return Optional.of(new AuditEvent(
                dialect(schemaDialect, purposes, objects),
                eventId,
                CodedValues.of(event.getEventTypeCode()),
                CodedValues.blankToNull(event.getEventActionCode()),
                ParticipantObjectMapper.integer(event.getEventOutcomeIndicator()),
                time.get(),
                CodedValues.blankToNull(event.getEventOutcomeDescription()),
                purposes,
                participants(message.getActiveParticipant()),
                sources(message.getAuditSourceIdentification()),
                objects,
                patients(objects, issues),
                studyUids(objects)));
    }

    /**
     * Current DICOM messages are validated against the IHE-relaxed XSD, a superset of the strict one
     * that differs in exactly three points; the strict dialect is named when none of them is used.
     */
    private static Dialect dialect(Dialect schemaDialect, List<CodedValue> purposes, List<ParticipantObject> objects) {
        if (schemaDialect != Dialect.IHE_RELAXED) {
            return schemaDialect;
        }
        boolean strict = purposes.isEmpty()
                && objects.stream().allMatch(o -> o.id() != null && (o.name() != null || o.query() != null || o.queryBytes() != null));
        return strict ? Dialect.DICOM : Dialect.IHE_RELAXED;
    }

    private static Optional<EventTime> eventTime(String text, List<Issue> issues) {
        if (text == null || text.isBlank()) {
            issues.add(Issue.of(IssueCode.MISSING_EVENT_DATE_TIME, "EventIdentification has no EventDateTime",
                    EVENT_PATH + "/@EventDateTime"));
            return Optional.empty();
        }
        try {
            return Optional.of(EventTimeParser.parse(text));
        } catch (DateTimeException e) {
            issues.add(Issue.of(IssueCode.INVALID_EVENT_DATE_TIME, e.getMessage(), EVENT_PATH + "/@EventDateTime"));
            return Optional.empty();
        }
    }

    private static List<ActiveParticipant> participants(List<ActiveParticipantType> participants) {
        List<ActiveParticipant> out = new ArrayList<>(participants.size());
        for (ActiveParticipantType p : participants) {
            out.add(new ActiveParticipant(
                    CodedValues.blankToNull(p.getUserID()),
                    CodedValues.blankToNull(p.getAlternativeUserID()),
                    CodedValues.blankToNull(p.getUserName()),
                    ParticipantObjectMapper.bool(p.getUserIsRequestor()),
                    CodedValues.blankToNull(p.getNetworkAccessPointID()),
                    ParticipantObjectMapper.integer(p.getNetworkAccessPointTypeCode()),
                    CodedValues.of(p.getRoleIDCode()),
                    p.getMediaIdentifier() == null ? null : CodedValues.of(p.getMediaIdentifier().getMediaType())));
        }
        return out;
    }

    private static List<AuditSource> sources(List<AuditSourceIdentificationType> sources) {
        List<AuditSource> out = new ArrayList<>(sources.size());
        for (AuditSourceIdentificationType source : sources) {
            List<CodedValue> types = new ArrayList<>();
            // DICOM 2011-2014 carries the type code as attributes of AuditSourceIdentification itself.
            CodedValue ownCode = CodedValues.of(null, source.getCode(), source.getCodeSystemName(),
                    source.getCodeSystem(), source.getOriginalText(), source.getDisplayName());
            if (ownCode != null) {
                types.add(ownCode);
            }
            for (AuditSourceTypeCodeType type : source.getAuditSourceTypeCode()) {
                CodedValue coded = CodedValues.sourceType(type);
                if (coded != null) {
                    types.add(coded);
                }
            }
            out.add(new AuditSource(CodedValues.blankToNull(source.getAuditSourceID()),
                    CodedValues.blankToNull(source.getAuditEnterpriseSiteID()), types));
        }
        return out;
    }

    private List<ParticipantObject> objects(List<ParticipantObjectIdentificationType> objects, List<Issue> issues) {
        ParticipantObjectMapper mapper = new ParticipantObjectMapper(maxDecodedBytes, issues);
        List<ParticipantObject> out = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            out.add(mapper.map(objects.get(i), "/AuditMessage/ParticipantObjectIdentification"
                    + ParticipantObjectMapper.index(i)));
        }
        return out;
    }

    private static List<Patient> patients(List<ParticipantObject> objects, List<Issue> issues) {
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            ParticipantObject object = objects.get(i);
            if (!object.isPatient() || object.id() == null) {
                continue;
            }
            String path = "/AuditMessage/ParticipantObjectIdentification" + ParticipantObjectMapper.index(i) + "/@ParticipantObjectID";
            if (object.id().contains("&amp;")) {
                issues.add(Issue.of(IssueCode.DOUBLE_ESCAPED_IDENTIFIER, "the patient ID '&amp;' was read as '&'", path));
            }
            int identifiers = CxIdentifier.repetitions(object.id()).size();
            if (identifiers > CxIdentifier.MAX_IDENTIFIERS) {
                issues.add(Issue.of(IssueCode.PATIENT_IDS_CUT, "the patient ID names " + identifiers + " distinct identifiers; "
                        + "the first " + CxIdentifier.MAX_IDENTIFIERS + " are indexed (the message keeps them all)", path));
            }
            // Each identifier parsed as read, its CX value kept as sent (a double-escaped one included, which the
            // API's patient search also matches in that form).
            for (Patient sent : CxIdentifier.parseAll(object.id())) {
                Patient parsed = CxIdentifier.parse(sent.cx().replace("&amp;", "&"));
                patients.add(new Patient(parsed.id(), parsed.authority(), sent.cx()));
            }
        }
        return patients;
    }

    private static List<String> studyUids(List<ParticipantObject> objects) {
        Set<String> uids = new LinkedHashSet<>();
        for (ParticipantObject object : objects) {
            if (object.isStudy() && object.id() != null) {
                uids.add(object.id());
            }
            if (object.dicom() != null) {
                uids.addAll(object.dicom().studyUids());
            }
        }
        return List.copyOf(uids);
    }
}

package arr.schemas.validation.rules;

import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.CodedValue;
import arr.schemas.event.ParticipantObject;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a normalized event against the DICOM PS3.15 A.5.2 conventions and, for the fifteen DCM event
 * IDs, the A.5.3 message definition. Events of other code systems (IHE, local) get the general checks only.
 */
public final class SemanticValidator {

    private static final Set<Integer> OUTCOMES = Set.of(0, 4, 8, 12);
    /** The OID of DICOM's coding scheme DCM (PS3.16, the Coding Scheme UID of "DCM"). */
    static final String DICOM_CODING_SCHEME_OID = "1.2.840.10008.2.16.4";

    public List<Issue> check(AuditEvent event) {
        List<Issue> issues = new ArrayList<>();
        EventContext context = new EventContext(event, issues);
        general(context);
        CodedValue eventId = event.eventId();
        // DICOM's code system by name, or by its OID where a sender gives only codeSystem (RFC 3881 allows either).
        boolean dicomCode = eventId.system() == null || "DCM".equalsIgnoreCase(eventId.system())
                || DICOM_CODING_SCHEME_OID.equals(eventId.system());
        if (dicomCode) {
            MessageDefinitions.forEventId(eventId.code()).ifPresentOrElse(
                    definition -> definition.rules().forEach(rule -> rule.check(context)),
                    () -> {
                        if (eventId.code().startsWith("110")) {
                            context.report(IssueCode.UNKNOWN_EVENT_ID, "EventID " + eventId.code()
                                    + " is not one of the DICOM audit messages 110100-110114", EventContext.EVENT + "/EventID");
                        }
                    });
        }
        return issues;
    }

    private static void general(EventContext context) {
        AuditEvent event = context.event();
        if (event.eventTime().zoneAssumed()) {
            context.report(IssueCode.EVENT_TIME_WITHOUT_ZONE, "EventDateTime '" + event.eventTime().original()
                    + "' has no time zone (A.5.2.5); it was read as UTC", EventContext.EVENT + "/@EventDateTime");
        }
        if (event.outcome() == null || !OUTCOMES.contains(event.outcome())) {
            context.report(IssueCode.OUTCOME_NOT_ALLOWED, "EventOutcomeIndicator is "
                    + (event.outcome() == null ? "missing or not a number" : event.outcome()) + "; expected 0, 4, 8 or 12",
                    EventContext.EVENT + "/@EventOutcomeIndicator");
        }
        List<Integer> requestors = context.participants(ActiveParticipant::requestorFlagged);
        if (requestors.size() > 1) {
            context.report(IssueCode.MULTIPLE_REQUESTORS, requestors.size()
                    + " participants have UserIsRequestor=true; at most one may (A.5.2)", EventContext.participantPath(requestors.get(1)));
        }
        for (int i = 0; i < event.participants().size(); i++) {
            ActiveParticipant p = event.participants().get(i);
            if ((p.networkAccessPointId() == null) != (p.networkAccessPointType() == null)) {
                context.report(IssueCode.NETWORK_ACCESS_POINT_INCOMPLETE, p.networkAccessPointId() == null
                        ? "NetworkAccessPointTypeCode without NetworkAccessPointID" : "NetworkAccessPointID without NetworkAccessPointTypeCode",
                        EventContext.participantPath(i));
            }
        }
        for (int i = 0; i < event.objects().size(); i++) {
            ParticipantObject o = event.objects().get(i);
            if (o.isStudy() && o.dicom() != null && o.dicom().sopClasses().isEmpty() && hasSopClassTriggers(o)) {
                context.report(IssueCode.SOP_CLASS_REQUIRED, "a study object with MPPS, Accession, Encrypted or Anonymized "
                        + "needs SOPClass (A.5.2)", EventContext.objectPath(i));
            }
        }
    }

    private static boolean hasSopClassTriggers(ParticipantObject o) {
        return !o.dicom().mppsUids().isEmpty() || !o.dicom().accessions().isEmpty()
                || o.dicom().encrypted() != null || o.dicom().anonymized() != null;
    }
}

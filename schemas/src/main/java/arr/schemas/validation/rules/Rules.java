package arr.schemas.validation.rules;

import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.CodedValue;
import arr.schemas.event.ObjectDetail;
import arr.schemas.event.ParticipantObject;
import arr.schemas.validation.IssueCode;
import java.util.List;
import java.util.Set;

/**
 * The building blocks of the DICOM PS3.15 A.5.3 message definitions (standards.md §2.6).
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part15/sect_A.5.3.html">PS3.15 A.5.3</a>
 */
final class Rules {

    private Rules() {
    }

    /** EventActionCode is one of {@code allowed}. */
    static Rule action(String... allowed) {
        Set<String> codes = Set.of(allowed);
        return context -> {
            String action = context.event().action();
            if (action == null || !codes.contains(action)) {
                context.report(IssueCode.EVENT_ACTION_NOT_ALLOWED, "EventActionCode is "
                        + (action == null ? "missing" : "'" + action + "'") + "; this message uses " + String.join(" or ", sorted(codes)),
                        EventContext.EVENT + "/@EventActionCode");
            }
        };
    }

    /** An EventTypeCode is required and every DCM one must be among {@code allowed}. */
    static Rule eventType(String... allowed) {
        Set<String> codes = Set.of(allowed);
        return context -> {
            List<CodedValue> types = context.event().eventTypes();
            if (types.isEmpty()) {
                context.report(IssueCode.EVENT_TYPE_REQUIRED, "EventTypeCode is required: one of " + String.join(", ", sorted(codes)),
                        EventContext.EVENT + "/EventTypeCode");
                return;
            }
            if (types.stream().noneMatch(t -> codes.contains(t.code()))) {
                context.report(IssueCode.EVENT_TYPE_NOT_ALLOWED, "EventTypeCode " + types.get(0).code()
                        + " is not one of " + String.join(", ", sorted(codes)), EventContext.EVENT + "/EventTypeCode");
            }
        };
    }

    /** Between {@code min} and {@code max} participants carry RoleIDCode {@code role}. */
    static Rule role(String role, String name, int min, int max) {
        return context -> {
            List<Integer> found = context.participants(p -> p.hasRole(role));
            if (found.size() < min) {
                context.report(IssueCode.PARTICIPANT_ROLE_MISSING, "no participant has RoleIDCode " + role + " (" + name + ")",
                        "/AuditMessage/ActiveParticipant");
            } else if (found.size() > max) {
                context.report(IssueCode.PARTICIPANT_ROLE_REPEATED, found.size() + " participants have RoleIDCode " + role
                        + " (" + name + "); at most " + max, EventContext.participantPath(found.get(max)));
            }
        };
    }

    /** The participant with RoleIDCode {@code role} is not the requestor and identifies its media. */
    static Rule media(String role, boolean identifierRequired) {
        return context -> {
            for (int i : context.participants(p -> p.hasRole(role))) {
                ActiveParticipant media = context.event().participants().get(i);
                if (media.requestorFlagged()) {
                    context.report(IssueCode.REQUESTOR_NOT_ALLOWED, "the media participant (" + role
                            + ") must have UserIsRequestor=false", EventContext.participantPath(i) + "/@UserIsRequestor");
                }
                if (identifierRequired && media.mediaType() == null) {
                    context.report(IssueCode.MEDIA_MISSING, "the media participant (" + role
                            + ") needs MediaIdentifier/MediaType", EventContext.participantPath(i));
                }
            }
        };
    }

    /** Exactly one participant is the requestor. */
    static Rule exactlyOneRequestor() {
        return context -> {
            int count = context.participants(ActiveParticipant::requestorFlagged).size();
            if (count != 1) {
                context.report(IssueCode.REQUESTOR_REQUIRED, count + " participants have UserIsRequestor=true; exactly one must",
                        "/AuditMessage/ActiveParticipant");
            }
        };
    }

    /** No participant is the requestor (the node of a Network Entry). */
    static Rule noRequestor() {
        return context -> context.participants(ActiveParticipant::requestorFlagged).forEach(i ->
                context.report(IssueCode.REQUESTOR_NOT_ALLOWED, "the node must have UserIsRequestor=false",
                        EventContext.participantPath(i) + "/@UserIsRequestor"));
    }

    /**
     * The person authenticated has a network access point (type and ID). The persons are the requestors that are not
     * applications (RoleIDCode 110150/110151); with none, every participant that is not an application; with none,
     * the requestor.
     */
    static Rule authenticatedUserNetworkAccessPoint() {
        return context -> {
            // The person is normally the requestor; beside it the authenticating node (0..1: an identity provider, a
            // directory) has no network access point to require. Only without a flagged requestor is every
            // participant that is not an application taken for a person.
            List<Integer> persons = context.participants(p -> !p.hasRole("110150") && !p.hasRole("110151")
                    && p.requestorFlagged());
            if (persons.isEmpty()) {
                persons = context.participants(p -> !p.hasRole("110150") && !p.hasRole("110151"));
            }
            if (persons.isEmpty()) {
                persons = context.participants(ActiveParticipant::requestorFlagged);
            }
            if (persons.isEmpty()) {
                persons = context.participants(p -> true).subList(0, Math.min(1, context.event().participants().size()));
            }
            for (int i : persons) {
                ActiveParticipant person = context.event().participants().get(i);
                if (person.networkAccessPointId() == null || person.networkAccessPointType() == null) {
                    context.report(IssueCode.NETWORK_ACCESS_POINT_REQUIRED, "the authenticated user '" + person.userId()
                            + "' needs NetworkAccessPointTypeCode and NetworkAccessPointID", EventContext.participantPath(i));
                }
            }
        };
    }

    static Rule noObjects() {
        return context -> {
            if (!context.event().objects().isEmpty()) {
                context.report(IssueCode.OBJECTS_NOT_ALLOWED, "this message has no ParticipantObjectIdentification, found "
                        + context.event().objects().size(), EventContext.objectPath(0));
            }
        };
    }

    /** At least one patient object; at most one when {@code single}. */
    static Rule patients(boolean single) {
        return context -> {
            List<Integer> patients = context.objects(ParticipantObject::isPatient);
            if (patients.isEmpty()) {
                context.report(IssueCode.PATIENT_OBJECT_MISSING, "no patient object (ParticipantObjectTypeCode 1, role 1)",
                        "/AuditMessage/ParticipantObjectIdentification");
            } else if (single && patients.size() > 1) {
                context.report(IssueCode.MULTIPLE_PATIENTS, patients.size() + " patient objects; this message is about one patient",
                        EventContext.objectPath(patients.get(1)));
            }
        };
    }

    static Rule studies() {
        return context -> {
            if (context.objects(ParticipantObject::isStudy).isEmpty()) {
                context.report(IssueCode.STUDY_OBJECT_MISSING, "no study object (ParticipantObjectIDTypeCode 110180)",
                        "/AuditMessage/ParticipantObjectIdentification");
            }
        };
    }

    /** The audit log: type 2, role 13, ID type 12 (URI). */
    static Rule auditLogObject() {
        return context -> {
            if (context.objects(o -> is(o.typeCode(), 2) && is(o.role(), 13) && o.idType() != null
                    && "12".equals(o.idType().code())).isEmpty()) {
                context.report(IssueCode.AUDIT_LOG_OBJECT_MISSING, "no audit log object (type 2, role 13, ID type 12 URI)",
                        "/AuditMessage/ParticipantObjectIdentification");
            }
        };
    }

    /** The query: type 2, role 3 (DICOM) or 24 (IHE), with ParticipantObjectQuery. */
    static Rule queryObject() {
        return context -> {
            List<Integer> queries = context.objects(o -> is(o.typeCode(), 2) && (is(o.role(), 3) || is(o.role(), 24)));
            if (queries.isEmpty()) {
                context.report(IssueCode.QUERY_OBJECT_MISSING, "no query object (type 2, role 3 or 24)",
                        "/AuditMessage/ParticipantObjectIdentification");
                return;
            }
            for (int i : queries) {
                ParticipantObject query = context.event().objects().get(i);
                if (query.query() == null && query.queryBytes() == null) {
                    context.report(IssueCode.QUERY_CONTENT_MISSING, "the query object has no ParticipantObjectQuery",
                            EventContext.objectPath(i));
                }
            }
        };
    }

    /** Each alert subject carries a detail of type "Alert Description". */
    static Rule alertDescriptions() {
        return context -> {
            for (int i = 0; i < context.event().objects().size(); i++) {
                List<ObjectDetail> details = context.event().objects().get(i).details();
                if (details.stream().noneMatch(d -> "Alert Description".equalsIgnoreCase(d.type()))) {
                    context.report(IssueCode.ALERT_DESCRIPTION_MISSING, "the alert subject has no 'Alert Description' detail",
                            EventContext.objectPath(i));
                }
            }
        };
    }

    private static boolean is(Integer value, int expected) {
        return value != null && value == expected;
    }

    private static List<String> sorted(Set<String> codes) {
        return codes.stream().sorted().toList();
    }
}

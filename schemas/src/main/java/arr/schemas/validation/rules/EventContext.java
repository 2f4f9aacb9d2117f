package arr.schemas.validation.rules;

import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.ParticipantObject;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The event under check, the issues found so far, and the paths of its parts. */
final class EventContext {

    static final String EVENT = "/AuditMessage/EventIdentification";

    private final AuditEvent event;
    private final List<Issue> issues;

    EventContext(AuditEvent event, List<Issue> issues) {
        this.event = event;
        this.issues = issues;
    }

    AuditEvent event() {
        return event;
    }

    void report(IssueCode code, String message, String path) {
        issues.add(Issue.of(code, message, path));
    }

    /** Indices of the participants that match. */
    List<Integer> participants(Predicate<ActiveParticipant> test) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < event.participants().size(); i++) {
            if (test.test(event.participants().get(i))) {
                found.add(i);
            }
        }
        return found;
    }

    List<Integer> objects(Predicate<ParticipantObject> test) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < event.objects().size(); i++) {
            if (test.test(event.objects().get(i))) {
                found.add(i);
            }
        }
        return found;
    }

    static String participantPath(int index) {
        return "/AuditMessage/ActiveParticipant" + step(index);
    }

    static String objectPath(int index) {
        return "/AuditMessage/ParticipantObjectIdentification" + step(index);
    }

    private static String step(int index) {
        return index == 0 ? "" : "[" + (index + 1) + "]";
    }
}

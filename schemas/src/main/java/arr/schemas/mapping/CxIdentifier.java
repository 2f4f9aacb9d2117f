package arr.schemas.mapping;

import arr.schemas.event.Patient;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an HL7 v2 CX patient identifier {@code ID^^^namespace&OID&ISO} into its ID and assigning
 * authority: the OID (universal ID) when there is one, else the namespace ID. A plain value is an ID
 * without authority. A value holding several identifiers of the same patient, joined by HL7's repetition
 * separator {@code ~} (a patient known under several domains, as PIX and patient-update messages send it), names
 * each of them.
 */
public final class CxIdentifier {

    private CxIdentifier() {
    }

    /** The most identifiers one ParticipantObjectID names; a longer list is cut (and the event says so). */
    public static final int MAX_IDENTIFIERS = 100;

    /**
     * The distinct identifiers of a value, in order: its repetitions ({@code ~}) trimmed, blanks left out; the value
     * itself when it has none. Not cut.
     */
    public static List<String> repetitions(String value) {
        if (value.indexOf('~') < 0) {
            return List.of(value);
        }
        java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
        for (String repetition : value.split("~")) {
            if (!repetition.isBlank()) {
                distinct.add(repetition.trim());
            }
        }
        return distinct.isEmpty() ? List.of(value) : new ArrayList<>(distinct);
    }

    /**
     * Every identifier of a ParticipantObjectID: one per distinct repetition ({@code ~}), at most
     * {@link #MAX_IDENTIFIERS}, each with its own repetition as its CX value, so that an exact search or a legal hold
     * on any of them finds it. A value without repetitions is one.
     */
    public static List<Patient> parseAll(String value) {
        List<Patient> patients = new ArrayList<>();
        for (String repetition : repetitions(value)) {
            if (patients.size() == MAX_IDENTIFIERS) {
                break;
            }
            patients.add(parse(repetition));
        }
        return patients;
    }

    public static Patient parse(String cx) {
        String[] components = cx.split("\\^", -1);
        String id = components[0].trim();
        String authority = null;
        if (components.length > 3) {
            String[] sub = components[3].split("&", -1);
            String namespace = sub[0].trim();
            String universalId = sub.length > 1 ? sub[1].trim() : "";
            authority = !universalId.isEmpty() ? universalId : !namespace.isEmpty() ? namespace : null;
        }
        return new Patient(id, authority, cx);
    }
}

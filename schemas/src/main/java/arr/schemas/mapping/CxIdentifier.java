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

    /**
     * Every identifier of a ParticipantObjectID: one per repetition ({@code ~}), each with its own repetition as its
     * CX value, so that an exact search or a legal hold on any of them finds it. A value without repetitions is one.
     */
    public static List<Patient> parseAll(String value) {
        if (value.indexOf('~') < 0) {
            return List.of(parse(value));
        }
        List<Patient> patients = new ArrayList<>();
        for (String repetition : value.split("~")) {
            if (!repetition.isBlank()) {
                patients.add(parse(repetition.trim()));
            }
        }
        return patients.isEmpty() ? List.of(parse(value)) : patients;
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

package arr.schemas.mapping;

import arr.schemas.event.Patient;

/**
 * Splits an HL7 v2 CX patient identifier {@code ID^^^namespace&OID&ISO} into its ID and assigning
 * authority: the OID (universal ID) when there is one, else the namespace ID. A plain value is an ID
 * without authority.
 */
public final class CxIdentifier {

    private CxIdentifier() {
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

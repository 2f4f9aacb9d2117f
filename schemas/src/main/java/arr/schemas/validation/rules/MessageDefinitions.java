package arr.schemas.validation.rules;

import static arr.schemas.validation.rules.Rules.action;
import static arr.schemas.validation.rules.Rules.alertDescriptions;
import static arr.schemas.validation.rules.Rules.auditLogObject;
import static arr.schemas.validation.rules.Rules.authenticatedUserNetworkAccessPoint;
import static arr.schemas.validation.rules.Rules.eventType;
import static arr.schemas.validation.rules.Rules.exactlyOneRequestor;
import static arr.schemas.validation.rules.Rules.media;
import static arr.schemas.validation.rules.Rules.noObjects;
import static arr.schemas.validation.rules.Rules.noRequestor;
import static arr.schemas.validation.rules.Rules.patients;
import static arr.schemas.validation.rules.Rules.queryObject;
import static arr.schemas.validation.rules.Rules.role;
import static arr.schemas.validation.rules.Rules.studies;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fifteen DICOM audit message definitions of PS3.15 A.5.3 as rules (standards.md §2.6). Upper bounds
 * on how many persons or processes take part, and on how many carry the source (110153) or destination
 * (110152) role, are not checked: the definitions allow further participants (a requesting person on the
 * sending side, for one) and DICOM's own sample gives them the same role.
 */
final class MessageDefinitions {

    private static final int ANY = Integer.MAX_VALUE;

    private static final String[] SECURITY_ALERT_TYPES = {
        "110126", "110127", "110128", "110129", "110130", "110131", "110132", "110133", "110134",
        "110135", "110136", "110137", "110138", "110139", "110140", "110141", "110142"};

    /** One A.5.3 message: its EventID, name and rules. */
    record MessageDefinition(String eventId, String name, List<Rule> rules) {
    }

    private static final Map<String, MessageDefinition> DEFINITIONS = Map.ofEntries(
            define("110100", "Application Activity", action("E"), eventType("110120", "110121"),
                    role("110150", "Application", 1, 1), noObjects()),
            define("110101", "Audit Log Used", action("R"), auditLogObject()),
            define("110102", "Begin Transferring DICOM Instances", action("E"),
                    role("110153", "Source", 1, ANY), role("110152", "Destination", 1, ANY), studies(), patients(true)),
            define("110103", "DICOM Instances Accessed", action("C", "R", "U", "D"), studies(), patients(true)),
            define("110104", "DICOM Instances Transferred", action("C", "R", "U"),
                    role("110153", "Source", 1, ANY), role("110152", "Destination", 1, ANY), studies(), patients(true)),
            define("110105", "DICOM Study Deleted", action("D"), studies(), patients(true)),
            define("110106", "Export", action("R"), role("110154", "Destination Media", 1, 1),
                    media("110154", true), role("110153", "Source", 1, ANY), exactlyOneRequestor(), patients(false)),
            define("110107", "Import", action("C"), role("110155", "Source Media", 1, 1),
                    media("110155", true), role("110152", "Destination", 1, ANY), exactlyOneRequestor(),
                    patients(false)),
            define("110108", "Network Entry", action("E"), eventType("110124", "110125"), noRequestor(), noObjects()),
            define("110109", "Order Record", action("C", "R", "U", "D"), patients(true)),
            // A.5.3.14 names no single-patient rule for Patient Record (PIX notifications list several IDs).
            define("110110", "Patient Record", action("C", "R", "U", "D"), patients(false)),
            define("110111", "Procedure Record", action("C", "R", "U", "D"), patients(true)),
            define("110112", "Query", action("E"), role("110153", "Source", 1, ANY), role("110152", "Destination", 1, ANY),
                    queryObject()),
            define("110113", "Security Alert", action("E"), eventType(SECURITY_ALERT_TYPES), alertDescriptions()),
            define("110114", "User Authentication", action("E"), eventType("110122", "110123"),
                    authenticatedUserNetworkAccessPoint(), noObjects()));

    private MessageDefinitions() {
    }

    static Optional<MessageDefinition> forEventId(String code) {
        return Optional.ofNullable(DEFINITIONS.get(code));
    }

    private static Map.Entry<String, MessageDefinition> define(String eventId, String name, Rule... rules) {
        return Map.entry(eventId, new MessageDefinition(eventId, name, List.of(rules)));
    }
}

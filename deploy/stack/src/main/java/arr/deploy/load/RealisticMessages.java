package arr.deploy.load;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Generates realistic DICOM audit messages of 1–3 kB, the mix a hospital sends: patient record reads and
 * updates by clinicians, DICOM instance access by viewers, PDQ queries, logins. Patients, users and
 * sources come from bounded pools so that searches find repeated accesses. Deterministic for a seed.
 */
public final class RealisticMessages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final String[] SOURCES = {"pacs.hospital.example", "ris.hospital.example", "ehr.hospital.example",
        "portal.hospital.example", "ct-1.radiology.example", "mr-2.radiology.example"};

    private final SplittableRandom random;
    private final int patients;
    private final int users;

    public RealisticMessages(long seed, int patients, int users) {
        this.random = new SplittableRandom(seed);
        this.patients = patients;
        this.users = users;
    }

    /** One syslog message (RFC 5424 header, IHE MSGID) with the audit XML as MSG. */
    public byte[] next(OffsetDateTime eventTime) {
        String xml = switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> patientRecord(eventTime);
            case 4, 5, 6 -> instancesAccessed(eventTime);
            case 7, 8 -> query(eventTime);
            default -> login(eventTime);
        };
        String header = "<85>1 " + eventTime.format(TIME) + " " + source() + " atna-app 4711 IHE+RFC-3881 - ";
        return (header + xml).getBytes(StandardCharsets.UTF_8);
    }

    private String patientRecord(OffsetDateTime time) {
        String action = random.nextInt(4) == 0 ? "U" : "R";
        return "<AuditMessage>" + event("110110", "Patient Record", action, time, "ITI-8", "IHE Transactions", "Patient Identity Feed")
                + user(true) + application("110152", "Destination Role ID") + sourceIdentification()
                + patient() + "</AuditMessage>";
    }

    private String instancesAccessed(OffsetDateTime time) {
        String study = "1.2.840.113619.2.55.3." + random.nextInt(1_000_000) + "." + random.nextInt(1000);
        return "<AuditMessage>" + event("110103", "DICOM Instances Accessed", "R", time, null, null, null)
                + user(true) + sourceIdentification()
                + "<ParticipantObjectIdentification ParticipantObjectID=\"" + study
                + "\" ParticipantObjectTypeCode=\"2\" ParticipantObjectTypeCodeRole=\"3\">"
                + code("ParticipantObjectIDTypeCode", "110180", "DCM", "Study Instance UID")
                + "<ParticipantObjectName>CT CHEST W/O CONTRAST</ParticipantObjectName>"
                + "<ParticipantObjectDescription><Accession Number=\"ACC-" + random.nextInt(10_000_000) + "\"/>"
                + "<SOPClass UID=\"1.2.840.10008.5.1.4.1.1.2\" NumberOfInstances=\"" + (1 + random.nextInt(500)) + "\"/>"
                + "</ParticipantObjectDescription></ParticipantObjectIdentification>"
                + patient() + "</AuditMessage>";
    }

    private String query(OffsetDateTime time) {
        String hl7 = "MSH|^~\\&|PDQ|HOSP|MPI|HOSP|20261126101530||QBP^Q22^QBP_Q21|" + random.nextInt(1_000_000)
                + "|P|2.5\rQPD|IHE PDQ Query|Q" + random.nextInt(1_000_000) + "|@PID.5.1.1^SMITH\rRCP|I|10^RD";
        return "<AuditMessage>" + event("110112", "Query", "E", time, "ITI-21", "IHE Transactions", "Patient Demographics Query")
                + "<ActiveParticipant UserID=\"pdq-consumer|" + source() + "\" AlternativeUserID=\"" + random.nextInt(65_536)
                + "\" UserIsRequestor=\"true\" NetworkAccessPointID=\"10.20." + random.nextInt(256) + "." + random.nextInt(256)
                + "\" NetworkAccessPointTypeCode=\"2\">" + code("RoleIDCode", "110153", "DCM", "Source Role ID") + "</ActiveParticipant>"
                + application("110152", "Destination Role ID") + sourceIdentification()
                + "<ParticipantObjectIdentification ParticipantObjectID=\"ITI-21\" ParticipantObjectTypeCode=\"2\" "
                + "ParticipantObjectTypeCodeRole=\"24\">" + code("ParticipantObjectIDTypeCode", "ITI-21", "IHE Transactions",
                "Patient Demographics Query")
                + "<ParticipantObjectQuery>" + Base64.getEncoder().encodeToString(hl7.getBytes(StandardCharsets.UTF_8))
                + "</ParticipantObjectQuery><ParticipantObjectDetail type=\"MSH-10\" value=\"MTIzNDU2\"/>"
                + "</ParticipantObjectIdentification></AuditMessage>";
    }

    private String login(OffsetDateTime time) {
        boolean failed = random.nextInt(20) == 0;
        return "<AuditMessage>" + event("110114", "User Authentication", "E", time, "110122", "DCM", "Login", failed ? "4" : "0")
                + user(true) + application("110150", "Application") + sourceIdentification() + "</AuditMessage>";
    }

    private String event(String id, String name, String action, OffsetDateTime time, String type, String system, String typeName) {
        return event(id, name, action, time, type, system, typeName, "0");
    }

    private String event(String id, String name, String action, OffsetDateTime time, String type, String system,
                         String typeName, String outcome) {
        return "<EventIdentification EventActionCode=\"" + action + "\" EventDateTime=\"" + time.format(TIME)
                + "\" EventOutcomeIndicator=\"" + outcome + "\">" + code("EventID", id, "DCM", name)
                + (type == null ? "" : code("EventTypeCode", type, system, typeName)) + "</EventIdentification>";
    }

    private String user(boolean requestor) {
        int n = random.nextInt(users);
        return "<ActiveParticipant UserID=\"user" + n + "@hospital.example\" UserName=\"Clinician " + n
                + "\" UserIsRequestor=\"" + requestor + "\" NetworkAccessPointID=\"10.1." + (n % 256) + "." + (n / 256 % 256)
                + "\" NetworkAccessPointTypeCode=\"2\"/>";
    }

    private String application(String role, String roleName) {
        String app = source();
        return "<ActiveParticipant UserID=\"" + app + "\" UserIsRequestor=\"false\" NetworkAccessPointID=\"" + app
                + "\" NetworkAccessPointTypeCode=\"1\">" + code("RoleIDCode", role, "DCM", roleName) + "</ActiveParticipant>";
    }

    private String sourceIdentification() {
        return "<AuditSourceIdentification AuditEnterpriseSiteID=\"Hospital-1\" AuditSourceID=\"" + source() + "\">"
                + code("AuditSourceTypeCode", "4", "DCM", "Application Server") + "</AuditSourceIdentification>";
    }

    private String patient() {
        int n = random.nextInt(patients);
        return "<ParticipantObjectIdentification ParticipantObjectID=\"P" + n + "^^^&amp;1.3.6.1.4.1.21367.2017.2.5.83&amp;ISO\" "
                + "ParticipantObjectTypeCode=\"1\" ParticipantObjectTypeCodeRole=\"1\">"
                + code("ParticipantObjectIDTypeCode", "2", "RFC-3881", "Patient Number")
                + "<ParticipantObjectName>Patient^" + n + "</ParticipantObjectName></ParticipantObjectIdentification>";
    }

    private String source() {
        return SOURCES[random.nextInt(SOURCES.length)];
    }

    private static String code(String element, String code, String system, String text) {
        return "<" + element + " csd-code=\"" + code + "\" codeSystemName=\"" + system + "\" originalText=\"" + text + "\"/>";
    }

    /** The current time in UTC, for callers that send "now". */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}

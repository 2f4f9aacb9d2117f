package arr.query.selfaudit;

import arr.schemas.selfaudit.ApplicationActivity;
import arr.schemas.selfaudit.AuditXml;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The query API's own audit messages (DICOM PS3.15 A.5.3, standards.md §5.1), written as DICOM XML and then
 * validated, enveloped and indexed like any device's message.
 */
public final class QueryApiAuditMessages {

    static final String APP = "arr-query-api";

    private final String hostname;
    private final String processId;
    private final String auditLogUri;

    public QueryApiAuditMessages(String hostname, String processId, String auditLogUri) {
        this.hostname = hostname;
        this.processId = processId;
        this.auditLogUri = auditLogUri;
    }

    /**
     * Audit Log Used (110101, A.5.3.2): the user as requestor, this service as the process, the audit log as the
     * object with the query (base64, as A.5 requires) and the number of results as details; and each patient the read
     * was about as a patient object (type 1, role 1). A.5.3.2 asks only for the log; the patients are what a privacy
     * officer searches by ("who looked at this patient's audit trail?"), which the base64 query alone cannot answer.
     */
    public byte[] auditLogUsed(Reader reader, ReadRecord read) {
        String xml = "<AuditMessage>"
                + AuditXml.eventIdentification("R", "0", AuditXml.code("EventID", "110101", "DCM", "Audit Log Used"))
                + user(reader) + service()
                + AuditXml.auditSource(sourceId())
                + auditLog(read) + patientObjects(read.patients()) + "</AuditMessage>";
        return AuditXml.syslog(hostname, APP, processId, xml);
    }

    /**
     * User Authentication (110114) Login that failed: the claimed user at its address; outcome 4 (minor failure), or 8
     * (serious failure: excess retries) for the failure that locked the user or address out.
     */
    public byte[] failedLogin(String claimedUser, String address, boolean lockedOut) {
        String xml = "<AuditMessage>"
                + AuditXml.eventIdentification("E", lockedOut ? "8" : "4", AuditXml.code("EventID", "110114", "DCM", "User Authentication")
                        + AuditXml.code("EventTypeCode", "110122", "DCM", "Login"))
                + "<ActiveParticipant UserID=\"" + AuditXml.escape(claimedUser) + "\" UserIsRequestor=\"true\""
                + " NetworkAccessPointID=\"" + AuditXml.escape(address) + "\" NetworkAccessPointTypeCode=\"2\"/>"
                + service()
                + AuditXml.auditSource(sourceId())
                + "</AuditMessage>";
        return AuditXml.syslog(hostname, APP, processId, xml);
    }

    /**
     * Export (110106, A.5.3.4): this service as the source (110153), the user as requestor, the caller's address
     * as the destination media (110154, a network destination), and the audit log as the exported object.
     */
    public byte[] export(Reader reader, ReadRecord read, java.util.List<String> patients) {
        String xml = "<AuditMessage>"
                + AuditXml.eventIdentification("R", "0", AuditXml.code("EventID", "110106", "DCM", "Export"))
                + user(reader)
                + "<ActiveParticipant UserID=\"" + APP + "\" AlternativeUserID=\"" + AuditXml.escape(processId)
                + "\" UserIsRequestor=\"false\" NetworkAccessPointID=\"" + AuditXml.escape(hostname) + "\" NetworkAccessPointTypeCode=\"1\">"
                + AuditXml.code("RoleIDCode", "110153", "DCM", "Source Role ID") + "</ActiveParticipant>"
                + "<ActiveParticipant UserID=\"" + AuditXml.escape("download@" + reader.address()) + "\" UserIsRequestor=\"false\""
                + " NetworkAccessPointID=\"" + AuditXml.escape(reader.address()) + "\" NetworkAccessPointTypeCode=\"2\">"
                + AuditXml.code("RoleIDCode", "110154", "DCM", "Destination Media")
                + "<MediaIdentifier>" + AuditXml.code("MediaType", "110037", "DCM", "URI") + "</MediaIdentifier>"
                + "</ActiveParticipant>"
                + AuditXml.auditSource(sourceId())
                + auditLog(read) + patientObjects(patients) + "</AuditMessage>";
        return AuditXml.syslog(hostname, APP, processId, xml);
    }

    /**
     * Security Alert (110113, A.5.3.11) for a legal hold placed or released through the API: type 110129 Security
     * Configuration (what the retention may delete changed), the admin as requestor, this service as the process, and
     * the hold as the alert subject (security resource, URI) with what it holds, why, and who placed or released it
     * in its Alert Description.
     */
    public byte[] legalHoldChanged(Reader admin, arr.schemas.index.LegalHold hold, boolean placed) {
        String description = "legal hold " + hold.id() + (placed ? " placed" : " released") + " on " + hold.kind() + " "
                + hold.value() + " (reason: " + hold.reason() + "; placed by " + hold.createdBy() + " at " + hold.createdAt()
                + (placed ? "" : "; released by " + hold.releasedBy() + " at " + hold.releasedAt()) + ")";
        String xml = "<AuditMessage>"
                + AuditXml.eventIdentification("E", "0", AuditXml.code("EventID", "110113", "DCM", "Security Alert")
                        + AuditXml.code("EventTypeCode", "110129", "DCM", "Security Configuration"))
                + user(admin) + service()
                + AuditXml.auditSource(sourceId())
                + "<ParticipantObjectIdentification ParticipantObjectID=\"" + AuditXml.escape("elasticsearch:"
                        + arr.schemas.index.LegalHold.INDEX + "/" + hold.id())
                + "\" ParticipantObjectTypeCode=\"2\" ParticipantObjectTypeCodeRole=\"13\">"
                + AuditXml.code("ParticipantObjectIDTypeCode", "12", "RFC-3881", "URI")
                + "<ParticipantObjectName>" + AuditXml.escape("legal hold " + hold.id()) + "</ParticipantObjectName>"
                + AuditXml.detail("Alert Description", description)
                + "</ParticipantObjectIdentification></AuditMessage>";
        return AuditXml.syslog(hostname, APP, processId, xml);
    }

    /** The patients whose events an export holds (A.5.3.4 wants 1..N; an export of no patient's events names none). */
    private static String patientObjects(java.util.List<String> patients) {
        StringBuilder out = new StringBuilder();
        for (String patient : patients) {
            out.append("<ParticipantObjectIdentification ParticipantObjectID=\"").append(AuditXml.escape(patient))
                    .append("\" ParticipantObjectTypeCode=\"1\" ParticipantObjectTypeCodeRole=\"1\">")
                    .append(AuditXml.code("ParticipantObjectIDTypeCode", "2", "RFC-3881", "Patient Number"))
                    .append("</ParticipantObjectIdentification>");
        }
        return out.toString();
    }

    /** The audit log as the object read (A.5.3.2): URI, type 2, role 13, with the query and the result count. */
    private String auditLog(ReadRecord read) {
        return "<ParticipantObjectIdentification ParticipantObjectID=\"" + AuditXml.escape(auditLogUri)
                + "\" ParticipantObjectTypeCode=\"2\" ParticipantObjectTypeCodeRole=\"13\">"
                + AuditXml.code("ParticipantObjectIDTypeCode", "12", "RFC-3881", "URI")
                + "<ParticipantObjectQuery>" + base64(read.query()) + "</ParticipantObjectQuery>"
                + AuditXml.detail("Endpoint", read.endpoint())
                + AuditXml.detail("ResultCount", Long.toString(read.results()))
                + details(read)
                + "</ParticipantObjectIdentification>";
    }

    private static String details(ReadRecord read) {
        StringBuilder out = new StringBuilder();
        read.details().forEach((type, value) -> out.append(AuditXml.detail(type, value)));
        return out.toString();
    }

    /** Application Activity (110100): this service started or stopped. */
    public byte[] applicationActivity(boolean start) {
        return ApplicationActivity.message(APP, hostname, processId, start, System.getProperty("user.name", "unknown"));
    }

    private String user(Reader reader) {
        return "<ActiveParticipant UserID=\"" + AuditXml.escape(reader.user()) + "\" UserIsRequestor=\"true\""
                + " NetworkAccessPointID=\"" + AuditXml.escape(reader.address()) + "\" NetworkAccessPointTypeCode=\"2\"/>";
    }

    private String service() {
        return "<ActiveParticipant UserID=\"" + APP + "\" AlternativeUserID=\"" + AuditXml.escape(processId)
                + "\" UserIsRequestor=\"false\" NetworkAccessPointID=\"" + AuditXml.escape(hostname) + "\" NetworkAccessPointTypeCode=\"1\">"
                + AuditXml.code("RoleIDCode", "110150", "DCM", "Application") + "</ActiveParticipant>";
    }

    private String sourceId() {
        return APP + "@" + hostname;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

package arr.collector.audit;

import arr.schemas.selfaudit.ApplicationActivity;
import arr.schemas.selfaudit.AuditXml;

/**
 * The collector's own audit messages (DICOM PS3.15 A.5.3), as RFC 5424 syslog messages it feeds into its
 * own pipeline: Application Activity (110100) at start and stop, and Security Alert (110113, Node
 * Authentication 110126) when a device fails mutual TLS.
 */
public final class SelfAuditMessages {

    private final String hostname;
    private final String processId;

    public SelfAuditMessages(String hostname, String processId) {
        this.hostname = hostname;
        this.processId = processId;
    }

    public String sourceId() {
        return "arr-collector@" + hostname;
    }

    /** Application Activity: 110120 Application Start or 110121 Application Stop. */
    public byte[] applicationActivity(boolean start, String launcher) {
        return ApplicationActivity.message("arr-collector", hostname, processId, start, launcher);
    }

    /**
     * Security Alert, Node Authentication: a peer failed mutual TLS.
     *
     * @param peer        the peer's address
     * @param subject     the certificate subject it presented, or null when it presented none
     * @param category    the failure category (as in the metric)
     * @param description what happened, for the Alert Description detail
     */
    public byte[] nodeAuthenticationFailure(String peer, String subject, String category, String description) {
        String alert = category + ": " + description;
        String xml = "<AuditMessage>"
                + event("E", "4", code("EventID", "110113", "DCM", "Security Alert")
                        + code("EventTypeCode", "110126", "DCM", "Node Authentication"))
                + "<ActiveParticipant UserID=\"arr-collector\" AlternativeUserID=\"" + escape(processId)
                + "\" UserIsRequestor=\"true\" NetworkAccessPointID=\"" + escape(hostname) + "\" NetworkAccessPointTypeCode=\"1\">"
                + code("RoleIDCode", "110150", "DCM", "Application") + "</ActiveParticipant>"
                + "<ActiveParticipant UserID=\"" + escape(subject == null ? peer : subject) + "\" UserIsRequestor=\"false\" "
                + "NetworkAccessPointID=\"" + escape(peer) + "\" NetworkAccessPointTypeCode=\"2\"/>"
                + source()
                + "<ParticipantObjectIdentification ParticipantObjectID=\"" + escape(peer)
                + "\" ParticipantObjectTypeCode=\"2\" ParticipantObjectTypeCodeRole=\"13\">"
                + code("ParticipantObjectIDTypeCode", "110182", "DCM", "Node ID")
                + "<ParticipantObjectName>" + escape(subject == null ? "(no client certificate)" : subject) + "</ParticipantObjectName>"
                + AuditXml.detail("Alert Description", alert)
                + "</ParticipantObjectIdentification></AuditMessage>";
        return syslog(xml);
    }

    private static String event(String action, String outcome, String codes) {
        return AuditXml.eventIdentification(action, outcome, codes);
    }

    private String source() {
        return AuditXml.auditSource(sourceId());
    }

    private byte[] syslog(String xml) {
        return AuditXml.syslog(hostname, "arr-collector", processId, xml);
    }

    private static String code(String element, String code, String system, String text) {
        return AuditXml.code(element, code, system, text);
    }

    static String escape(String value) {
        return AuditXml.escape(value);
    }
}

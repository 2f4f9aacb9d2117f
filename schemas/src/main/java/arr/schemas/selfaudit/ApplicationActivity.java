package arr.schemas.selfaudit;

/**
 * DICOM Application Activity (110100, PS3.15 A.5.3.1) for the repository's own services: 110120 Application Start or
 * 110121 Application Stop, the service as the application (110150) and the account that launched it (110151).
 */
public final class ApplicationActivity {

    private ApplicationActivity() {
    }

    /**
     * @param app       the service's name, such as {@code arr-collector}; its AuditSourceID is {@code app@hostname}
     * @param processId the operating system process ID
     * @param launcher  the account that started the service
     */
    public static byte[] message(String app, String hostname, String processId, boolean start, String launcher) {
        String type = start ? AuditXml.code("EventTypeCode", "110120", "DCM", "Application Start")
                : AuditXml.code("EventTypeCode", "110121", "DCM", "Application Stop");
        String xml = "<AuditMessage>"
                + AuditXml.eventIdentification("E", "0", AuditXml.code("EventID", "110100", "DCM", "Application Activity") + type)
                + "<ActiveParticipant UserID=\"" + AuditXml.escape(app) + "\" AlternativeUserID=\"" + AuditXml.escape(processId)
                + "\" UserIsRequestor=\"false\" NetworkAccessPointID=\"" + AuditXml.escape(hostname) + "\" NetworkAccessPointTypeCode=\"1\">"
                + AuditXml.code("RoleIDCode", "110150", "DCM", "Application") + "</ActiveParticipant>"
                + "<ActiveParticipant UserID=\"" + AuditXml.escape(launcher) + "\" UserIsRequestor=\"true\">"
                + AuditXml.code("RoleIDCode", "110151", "DCM", "Application Launcher") + "</ActiveParticipant>"
                + AuditXml.auditSource(app + "@" + hostname) + "</AuditMessage>";
        return AuditXml.syslog(hostname, app, processId, xml);
    }
}

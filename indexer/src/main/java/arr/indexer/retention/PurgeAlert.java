package arr.indexer.retention;

import arr.schemas.selfaudit.AuditXml;

/**
 * The DICOM Security Alert (110113) the repository records about itself when the retention policy is about to delete
 * a month (published, and acknowledged by Kafka, before the deletion): type 110132 Use of Restricted Function, the indexer as the reporting process, and the deleted index as
 * the alert subject (security resource, URI) with the number of documents and the policy in its Alert Description.
 */
public final class PurgeAlert {

    private PurgeAlert() {
    }

    public static byte[] message(String hostname, String processId, String index, long documents, String reason) {
        String xml = "<AuditMessage>"
                + AuditXml.eventIdentification("E", "0", AuditXml.code("EventID", "110113", "DCM", "Security Alert")
                        + AuditXml.code("EventTypeCode", "110132", "DCM", "Use of Restricted Function"))
                + "<ActiveParticipant UserID=\"arr-indexer\" AlternativeUserID=\"" + AuditXml.escape(processId)
                + "\" UserIsRequestor=\"true\" NetworkAccessPointID=\"" + AuditXml.escape(hostname) + "\" NetworkAccessPointTypeCode=\"1\">"
                + AuditXml.code("RoleIDCode", "110150", "DCM", "Application") + "</ActiveParticipant>"
                + AuditXml.auditSource("arr-indexer@" + hostname)
                + "<ParticipantObjectIdentification ParticipantObjectID=\"" + AuditXml.escape("elasticsearch:" + index)
                + "\" ParticipantObjectTypeCode=\"2\" ParticipantObjectTypeCodeRole=\"13\">"
                + AuditXml.code("ParticipantObjectIDTypeCode", "12", "RFC-3881", "URI")
                + "<ParticipantObjectName>" + AuditXml.escape(index) + "</ParticipantObjectName>"
                // Sent before the deletion (the alert must not be lost with the index): "deleting", not "deleted". A
                // purge that fails is tried again at the next run, with another alert.
                + AuditXml.detail("Alert Description", "retention purge: deleting index " + index + " holding " + documents
                        + " documents (" + reason + ")")
                + "</ParticipantObjectIdentification></AuditMessage>";
        return AuditXml.syslog(hostname, "arr-indexer", processId, xml);
    }
}

package arr.query;

/**
 * Audit messages written for these tests from DICOM PS3.15 A.5 and RFC 3881, one per dialect the repository
 * reads: DICOM ({@code csd-code}, {@code originalText}), DICOM 2014 (source type as an attribute) and RFC 3881
 * ({@code code}, {@code displayName}).
 */
final class Messages {

    private Messages() {
    }

    /** A DICOM Patient Record (110110) event by one user about one patient. */
    static String dicomPatientRecord(String time, String action, int outcome, String user, String userName, String address,
                                     String source, String patient, String patientName) {
        return """
                <AuditMessage>
                  <EventIdentification EventActionCode="%s" EventDateTime="%s" EventOutcomeIndicator="%d">
                    <EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserName="%s" UserIsRequestor="true" NetworkAccessPointID="%s" NetworkAccessPointTypeCode="2"/>
                  <AuditSourceIdentification AuditEnterpriseSiteID="Hospital-1" AuditSourceID="%s">
                    <AuditSourceTypeCode csd-code="4" codeSystemName="DCM" originalText="Application Server"/>
                  </AuditSourceIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                    <ParticipantObjectName>%s</ParticipantObjectName>
                  </ParticipantObjectIdentification>
                </AuditMessage>""".formatted(action, time, outcome, xml(user), xml(userName), address, xml(source), xml(patient),
                xml(patientName));
    }

    /** An RFC 3881 Patient Record event (ITI-8 Patient Identity Feed) by one user about one patient. */
    static String rfc3881PatientFeed(String time, String user, String userName, String address, String source, String patient) {
        return """
                <AuditMessage>
                  <EventIdentification EventActionCode="C" EventDateTime="%s" EventOutcomeIndicator="0">
                    <EventID code="110110" codeSystemName="DCM" displayName="Patient Record"/>
                    <EventTypeCode code="ITI-8" codeSystemName="IHE Transactions" displayName="Patient Identity Feed"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserName="%s" UserIsRequestor="true" NetworkAccessPointID="%s" NetworkAccessPointTypeCode="2">
                    <RoleIDCode code="110153" codeSystemName="DCM" displayName="Source"/>
                  </ActiveParticipant>
                  <AuditSourceIdentification AuditSourceID="%s" AuditEnterpriseSiteID="Hospital-1">
                    <AuditSourceTypeCode code="4"/>
                  </AuditSourceIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode code="2" codeSystemName="RFC-3881" displayName="Patient Number"/>
                  </ParticipantObjectIdentification>
                </AuditMessage>""".formatted(time, xml(user), xml(userName), address, xml(source), xml(patient));
    }

    /** A DICOM 2014 User Authentication (110114) Login with the given outcome. */
    static String dicom2014Login(String time, int outcome, String user, String address, String source) {
        return """
                <AuditMessage>
                  <EventIdentification EventActionCode="E" EventDateTime="%s" EventOutcomeIndicator="%d">
                    <EventID csd-code="110114" codeSystemName="DCM" originalText="User Authentication"/>
                    <EventTypeCode csd-code="110122" codeSystemName="DCM" originalText="Login"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserIsRequestor="true" NetworkAccessPointID="%s" NetworkAccessPointTypeCode="2"/>
                  <AuditSourceIdentification code="1" AuditSourceID="%s"/>
                </AuditMessage>""".formatted(time, outcome, xml(user), address, xml(source));
    }

    /**
     * A DICOM Query (110112) of IHE ITI-18 Registry Stored Query (IHE ITI TF-2 3.18.5.1.2): the query as a system
     * object (type 2, role 24) holding the query, and the patient it was about (type 1, role 1).
     */
    static String iheRegistryQuery(String time, String user, String address, String source, String patient) {
        return """
                <AuditMessage>
                  <EventIdentification EventActionCode="E" EventDateTime="%s" EventOutcomeIndicator="0">
                    <EventID csd-code="110112" codeSystemName="DCM" originalText="Query"/>
                    <EventTypeCode csd-code="ITI-18" codeSystemName="IHE Transactions" originalText="Registry Stored Query"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserIsRequestor="true" NetworkAccessPointID="%s" NetworkAccessPointTypeCode="2">
                    <RoleIDCode csd-code="110153" codeSystemName="DCM" originalText="Source Role ID"/>
                  </ActiveParticipant>
                  <ActiveParticipant UserID="https://registry.hospital.example/xds" UserIsRequestor="false" \
                NetworkAccessPointID="registry.hospital.example" NetworkAccessPointTypeCode="1">
                    <RoleIDCode csd-code="110152" codeSystemName="DCM" originalText="Destination Role ID"/>
                  </ActiveParticipant>
                  <AuditSourceIdentification AuditSourceID="%s"/>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                  </ParticipantObjectIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d" \
                ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="24">
                    <ParticipantObjectIDTypeCode csd-code="ITI-18" codeSystemName="IHE Transactions" originalText="Registry Stored Query"/>
                    <ParticipantObjectQuery>PHF1ZXJ5Lz4=</ParticipantObjectQuery>
                  </ParticipantObjectIdentification>
                </AuditMessage>""".formatted(time, xml(user), address, xml(source), xml(patient));
    }

    /**
     * A DICOM Security Alert (110113) of type Emergency Override Started (110127): a user broke the glass on a
     * patient's record (A.5.3.11: the reporting user, the alert subject with its description).
     */
    static String dicomEmergencyOverride(String time, String user, String address, String source, String patient) {
        return """
                <AuditMessage>
                  <EventIdentification EventActionCode="E" EventDateTime="%s" EventOutcomeIndicator="0">
                    <EventID csd-code="110113" codeSystemName="DCM" originalText="Security Alert"/>
                    <EventTypeCode csd-code="110127" codeSystemName="DCM" originalText="Emergency Override Started"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserIsRequestor="true" NetworkAccessPointID="%s" NetworkAccessPointTypeCode="2"/>
                  <AuditSourceIdentification AuditEnterpriseSiteID="Hospital-1" AuditSourceID="%s">
                    <AuditSourceTypeCode csd-code="4" codeSystemName="DCM" originalText="Application Server"/>
                  </AuditSourceIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                    <ParticipantObjectDetail type="Alert Description" value="%s"/>
                  </ParticipantObjectIdentification>
                </AuditMessage>""".formatted(time, xml(user), address, xml(source), xml(patient),
                java.util.Base64.getEncoder().encodeToString("emergency access to the record".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A DICOM Security Alert (110113) of type Node Authentication (110126): a device refused for its certificate. */
    static String dicomNodeAuthenticationAlert(String time, String node, String source) {
        return """
                <AuditMessage>
                  <EventIdentification EventActionCode="E" EventDateTime="%s" EventOutcomeIndicator="4">
                    <EventID csd-code="110113" codeSystemName="DCM" originalText="Security Alert"/>
                    <EventTypeCode csd-code="110126" codeSystemName="DCM" originalText="Node Authentication"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserIsRequestor="true" NetworkAccessPointID="%s" NetworkAccessPointTypeCode="2"/>
                  <AuditSourceIdentification AuditEnterpriseSiteID="Hospital-1" AuditSourceID="%s">
                    <AuditSourceTypeCode csd-code="4" codeSystemName="DCM" originalText="Application Server"/>
                  </AuditSourceIdentification>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="13">
                    <ParticipantObjectIDTypeCode csd-code="110182" codeSystemName="DCM" originalText="Node ID"/>
                    <ParticipantObjectDetail type="Alert Description" value="%s"/>
                  </ParticipantObjectIdentification>
                </AuditMessage>""".formatted(time, xml(source), "10.9.9.9", xml(source), xml(node),
                java.util.Base64.getEncoder().encodeToString("certificate not trusted".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A DICOM User Authentication (110114) Logout (110123) with the given outcome. */
    static String dicomLogout(String time, int outcome, String user, String address, String source) {
        return """
                <AuditMessage>
                  <EventIdentification EventActionCode="E" EventDateTime="%s" EventOutcomeIndicator="%d">
                    <EventID csd-code="110114" codeSystemName="DCM" originalText="User Authentication"/>
                    <EventTypeCode csd-code="110123" codeSystemName="DCM" originalText="Logout"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserIsRequestor="true" NetworkAccessPointID="%s" NetworkAccessPointTypeCode="2"/>
                  <AuditSourceIdentification AuditEnterpriseSiteID="Hospital-1" AuditSourceID="%s">
                    <AuditSourceTypeCode csd-code="4" codeSystemName="DCM" originalText="Application Server"/>
                  </AuditSourceIdentification>
                </AuditMessage>""".formatted(time, outcome, xml(user), address, xml(source));
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}

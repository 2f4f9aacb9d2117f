package arr.query.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * What {@code GET /fhir/metadata} says this server does: AuditEvent read and search with exactly the parameters
 * {@link FhirSearch} takes, JSON and XML, HTTP Basic. FHIR clients (HAPI's generic client among them) read it before
 * their first request.
 */
final class CapabilityStatements {

    private static final String SEARCH_TYPE = "http://hl7.org/fhir/SearchParameter/AuditEvent-";

    private CapabilityStatements() {
    }

    static CapabilityStatement of(String base) {
        CapabilityStatement statement = new CapabilityStatement()
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setDate(new Date())
                .setPublisher("Audit Record Repository")
                .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
                .setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        statement.getImplementation().setDescription("IHE ATNA Audit Record Repository: ITI-81 Retrieve ATNA Audit Event")
                .setUrl(base + "/fhir");
        statement.getSoftware().setName("Audit Record Repository query API");
        statement.addFormat("application/fhir+json").addFormat("application/fhir+xml");
        statement.addInstantiates("https://profiles.ihe.net/ITI/RESTful-ATNA/CapabilityStatement/IHE.RESTfulATNA.Repository");
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().addService(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/restful-security-service", "Basic", "Basic")))
                .setDescription("HTTP Basic; role auditor or above; every read is recorded as an Audit Log Used (110101) event");
        CapabilityStatementRestResourceComponent auditEvent = rest.addResource().setType("AuditEvent");
        auditEvent.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
        auditEvent.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        param(auditEvent, "date", Enumerations.SearchParamType.DATE, "required; recorded (EventDateTime)");
        param(auditEvent, "patient.identifier", Enumerations.SearchParamType.TOKEN, null);
        param(auditEvent, "agent", Enumerations.SearchParamType.REFERENCE, "a participant's UserID or AlternativeUserID");
        param(auditEvent, "agent.identifier", Enumerations.SearchParamType.TOKEN, null);
        param(auditEvent, "altid", Enumerations.SearchParamType.TOKEN, null);
        param(auditEvent, "address", Enumerations.SearchParamType.STRING, "a NetworkAccessPointID, a case-insensitive prefix of it (:exact: the whole value)");
        param(auditEvent, "entity", Enumerations.SearchParamType.REFERENCE, "a ParticipantObjectID");
        param(auditEvent, "entity.identifier", Enumerations.SearchParamType.TOKEN, null);
        param(auditEvent, "entity-type", Enumerations.SearchParamType.TOKEN, "a ParticipantObjectTypeCode (1-4); refused "
                + "over months holding documents indexed without it");
        param(auditEvent, "entity-role", Enumerations.SearchParamType.TOKEN, "a ParticipantObjectTypeCodeRole (1-24); refused "
                + "over months holding documents indexed without it");
        param(auditEvent, "source", Enumerations.SearchParamType.REFERENCE, "the AuditSourceID");
        param(auditEvent, "source.identifier", Enumerations.SearchParamType.TOKEN, null);
        param(auditEvent, "site", Enumerations.SearchParamType.TOKEN, "an AuditEnterpriseSiteID, as sent");
        param(auditEvent, "type", Enumerations.SearchParamType.TOKEN, null);
        param(auditEvent, "subtype", Enumerations.SearchParamType.TOKEN, null);
        param(auditEvent, "action", Enumerations.SearchParamType.TOKEN, null);
        param(auditEvent, "outcome", Enumerations.SearchParamType.TOKEN, null);
        return statement;
    }

    private static void param(CapabilityStatementRestResourceComponent resource, String name, Enumerations.SearchParamType type,
                              String documentation) {
        String core = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        resource.addSearchParam().setName(name).setType(type).setDefinition(SEARCH_TYPE + core).setDocumentation(documentation);
    }
}

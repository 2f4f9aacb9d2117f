package arr.query.fhir;

import arr.query.search.EventView;
import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditSource;
import arr.schemas.event.CodedValue;
import arr.schemas.event.ObjectDetail;
import arr.schemas.event.ParticipantObject;
import arr.schemas.event.Patient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityDetailComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventSourceComponent;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * A stored audit message as a FHIR R4 AuditEvent, by the DICOM mapping of standards.md §4.3. It is made from the
 * event the API shows ({@link EventView}: the message read again from its raw bytes), so a FHIR client sees the same
 * facts as the JSON API. The DICOM object description goes into FHIR's AuditEvent extensions ({@link DicomExtensions}).
 */
public final class AuditEventResources {

    /** The DICOM RoleIDCodes that IHE carries in {@code agent.type}; any other role goes to {@code agent.role}. */
    private static final Set<String> ACTIONS = Set.of("C", "R", "U", "D", "E");
    private static final Set<Integer> OUTCOMES = Set.of(0, 4, 8, 12);
    private static final Set<String> DICOM_SYSTEMS = Set.of("DCM", "1.2.840.10008.2.16.4");
    private static final Set<String> AGENT_TYPES = Set.of("110150", "110151", "110152", "110153", "110154", "110155");

    private AuditEventResources() {
    }

    public static AuditEvent of(EventView event) {
        AuditEvent resource = new AuditEvent();
        resource.setId(event.id());
        if (event.eventId() != null) {
            resource.setType(CodeSystems.coding(event.eventId()));
        }
        orEmpty(event.eventTypes()).forEach(t -> resource.addSubtype(CodeSystems.coding(t)));
        // A warning-level event may hold an action or outcome outside DICOM's values (the lenient reading keeps it):
        // FHIR has no code for it, so the element is left out rather than failing the whole page.
        if (event.action() != null && ACTIONS.contains(event.action())) {
            resource.setAction(AuditEvent.AuditEventAction.fromCode(event.action()));
        }
        if (event.eventTime() != null) {
            resource.setRecordedElement(new InstantType(event.eventTime()));
        }
        if (event.outcome() != null && OUTCOMES.contains(event.outcome())) {
            resource.setOutcome(AuditEvent.AuditEventOutcome.fromCode(event.outcome().toString()));
        }
        resource.setOutcomeDesc(event.outcomeDescription());
        orEmpty(event.purposesOfUse()).forEach(p -> resource.addPurposeOfEvent(CodeSystems.concept(p)));
        orEmpty(event.participants()).forEach(p -> resource.addAgent(agent(p)));
        resource.setSource(source(event.source()));
        orEmpty(event.objects()).forEach(o -> resource.addEntity(entity(o, orEmpty(event.patients()))));
        return resource;
    }

    private static AuditEventAgentComponent agent(ActiveParticipant p) {
        AuditEventAgentComponent agent = new AuditEventAgentComponent();
        for (CodedValue role : p.roles()) {
            if (AGENT_TYPES.contains(role.code()) && DICOM_SYSTEMS.contains(role.system()) && !agent.hasType()) {
                agent.setType(CodeSystems.concept(role));
            } else {
                agent.addRole(CodeSystems.concept(role));
            }
        }
        if (p.userId() != null) {
            agent.setWho(new Reference().setIdentifier(new Identifier().setValue(p.userId())));
        }
        agent.setAltId(p.alternativeUserId());
        agent.setName(p.userName());
        agent.setRequestor(p.requestorFlagged());
        if (p.mediaType() != null) {
            agent.setMedia(CodeSystems.coding(p.mediaType()));
        }
        if (p.networkAccessPointId() != null || p.networkAccessPointType() != null) {
            AuditEventAgentNetworkComponent network = new AuditEventAgentNetworkComponent().setAddress(p.networkAccessPointId());
            Integer type = p.networkAccessPointType();
            if (type != null && type >= 1 && type <= 5) {
                network.setType(AuditEvent.AuditEventAgentNetworkType.fromCode(type.toString()));
            }
            agent.setNetwork(network);
        }
        return agent;
    }

    /** FHIR requires a source with an observer; a message without an AuditSourceID (read leniently) says so in it. */
    private static AuditEventSourceComponent source(AuditSource s) {
        AuditEventSourceComponent source = new AuditEventSourceComponent();
        if (s == null || s.id() == null) {
            source.setObserver(new Reference().setDisplay("no AuditSourceID in the message"));
        } else {
            source.setObserver(new Reference().setIdentifier(new Identifier().setValue(s.id())).setDisplay(s.id()));
        }
        if (s != null) {
            source.setSite(s.site());
            s.types().forEach(t -> source.addType(CodeSystems.sourceType(t)));
        }
        return source;
    }

    private static AuditEventEntityComponent entity(ParticipantObject o, List<Patient> patients) {
        AuditEventEntityComponent entity = new AuditEventEntityComponent();
        if (o.id() != null) {
            Identifier identifier = new Identifier().setValue(o.id());
            Patient patient = o.isPatient() ? patients.stream().filter(p -> o.id().equals(p.cx())).findFirst().orElse(null) : null;
            if (patient != null && patient.id() != null) {
                // The patient as an identifier a FHIR client can use (ID and assigning authority), the CX value as sent
                // in the reference's display.
                identifier.setValue(patient.id()).setSystem(CodeSystems.oidUri(patient.authority()));
            }
            if (o.idType() != null) {
                identifier.setType(CodeSystems.concept(o.idType()));
            }
            entity.setWhat(new Reference().setIdentifier(identifier).setDisplay(patient != null ? o.id() : null));
        }
        if (o.typeCode() != null && o.typeCode() >= 1 && o.typeCode() <= 4) {
            entity.setType(new Coding(CodeSystems.AUDIT_ENTITY_TYPE, o.typeCode().toString(), null));
        }
        if (o.role() != null && o.role() >= 1 && o.role() <= 24) {
            entity.setRole(new Coding(CodeSystems.OBJECT_ROLE, o.role().toString(), null));
        }
        if (o.lifeCycle() != null && o.lifeCycle() >= 1 && o.lifeCycle() <= 15) {
            entity.setLifecycle(new Coding(CodeSystems.LIFECYCLE, o.lifeCycle().toString(), null));
        }
        if (o.sensitivity() != null) {
            entity.addSecurityLabel(new Coding().setCode(o.sensitivity()));
        }
        byte[] query = o.queryBytes() != null ? o.queryBytes() : o.query() != null ? o.query().getBytes(StandardCharsets.UTF_8) : null;
        List<String> descriptions = new java.util.ArrayList<>(o.descriptions());
        if (query != null) {
            // R4 allows a name or a query, not both (sev-1): a query object's name, if it has one, leads its description.
            entity.setQuery(query);
            if (o.name() != null) {
                descriptions.add(0, o.name());
            }
        } else {
            entity.setName(o.name());
        }
        if (!descriptions.isEmpty()) {
            entity.setDescription(String.join("\n", descriptions));
        }
        for (ObjectDetail d : o.details()) {
            // FHIR requires both a type and a value; a detail without either has nothing to carry.
            String text = d.text() != null ? d.text() : d.raw();
            if (d.type() == null || d.type().isEmpty() || d.bytes() == null && (text == null || text.isEmpty())) {
                continue;
            }
            entity.addDetail(new AuditEventEntityDetailComponent().setType(d.type())
                    .setValue(d.bytes() != null ? new Base64BinaryType(d.bytes()) : new StringType(text)));
        }
        DicomExtensions.add(entity, o.dicom());
        return entity;
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }
}

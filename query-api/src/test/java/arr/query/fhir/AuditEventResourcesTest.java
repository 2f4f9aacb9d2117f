package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import arr.query.search.EventView;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.Transport;
import arr.schemas.index.AuditDocuments;
import arr.schemas.validation.AuditMessageValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.junit.jupiter.api.Test;

/**
 * Every sample message the repository's own tests use (schemas/src/test/resources/samples/valid, written from the
 * standard), as a FHIR AuditEvent, passes HAPI's validator of the FHIR R4 specification, and carries what standards.md
 * §4.3 maps.
 */
class AuditEventResourcesTest {

    private static final Path SAMPLES = Path.of("../schemas/src/test/resources/samples/valid");
    /** Normalized events with warnings: values outside DICOM's (an outcome of 3, an unknown action) among them. */
    private static final Path WARNINGS = Path.of("../schemas/src/test/resources/samples/warning");
    private static final AuditMessageValidator READER = AuditMessageValidator.withDefaults();

    @Test
    void everySampleBecomesAnAuditEventTheFhirSpecificationAccepts() throws IOException {
        List<Path> samples = new java.util.ArrayList<>();
        for (Path folder : List.of(SAMPLES, WARNINGS)) {
            try (Stream<Path> files = Files.list(folder)) {
                samples.addAll(files.filter(p -> p.toString().endsWith(".xml")).sorted().toList());
            }
        }
        assertThat(samples).hasSizeGreaterThan(30).anySatisfy(p -> assertThat(p.toString()).contains("OUTCOME_NOT_ALLOWED"));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(samples.size());
        for (Path sample : samples) {
            AuditEvent resource = AuditEventResources.of(view(Files.readAllBytes(sample)));
            if (sample.getFileName().toString().startsWith("UNKNOWN_EVENT_ID")) {
                // The message's EventID is a DCM code DICOM does not define: passed on as sent, which the validator
                // reports, and nothing else.
                assertThat(FhirValidation.errors(resource)).singleElement().asString().contains("Unknown code").contains("DCM#110199");
                continue;
            }
            assertThat(FhirValidation.errors(resource)).as(sample.getFileName().toString()).isEmpty();
            assertThat(resource.hasType()).as(sample.getFileName().toString()).isTrue();
            assertThat(resource.getAgent()).as(sample.getFileName().toString()).isNotEmpty();
            bundle.addEntry().setFullUrl("http://127.0.0.1:8080/fhir/AuditEvent/" + resource.getIdPart()).setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        assertThat(FhirValidation.errors(bundle)).isEmpty();
    }

    @Test
    void aPatientRecordEventCarriesItsMappedElements() throws IOException {
        AuditEvent e = AuditEventResources.of(view(Files.readAllBytes(SAMPLES.resolve("110110-patient-record.xml"))));
        assertThat(e.getType().getSystem()).isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
        assertThat(e.getType().getCode()).isEqualTo("110110");
        assertThat(e.getType().getDisplay()).isEqualTo("Patient Record");
        assertThat(e.getAction().toCode()).isEqualTo("U");
        assertThat(e.getOutcome().toCode()).isEqualTo("0");
        assertThat(e.getRecordedElement().getValueAsString()).isEqualTo("2026-11-26T10:15:30.123+01:00");
        AuditEvent.AuditEventAgentComponent agent = e.getAgentFirstRep();
        assertThat(agent.getWho().getIdentifier().getValue()).isEqualTo("jdoe@hospital.example");
        assertThat(agent.getName()).isEqualTo("Dr. Jane Doe");
        assertThat(agent.getRequestor()).isTrue();
        assertThat(agent.getNetwork().getAddress()).isEqualTo("10.20.30.40");
        assertThat(agent.getNetwork().getType().toCode()).isEqualTo("2");
        assertThat(e.getSource().getSite()).isEqualTo("Hospital-1");
        assertThat(e.getSource().getObserver().getIdentifier().getValue()).isEqualTo("pacs.hospital.example");
        assertThat(e.getSource().getTypeFirstRep().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/security-source-type");
        AuditEvent.AuditEventEntityComponent patient = e.getEntity().stream()
                .filter(x -> "1".equals(x.getRole().getCode())).findFirst().orElseThrow();
        assertThat(patient.getType().getCode()).isEqualTo("1");
        assertThat(patient.getWhat().getIdentifier().getSystem()).startsWith("urn:oid:");
        assertThat(patient.getWhat().getDisplay()).contains("^^^");
    }

    @Test
    void theDicomObjectDescriptionBecomesFhirsAuditEventExtensions() throws IOException {
        AuditEvent e = AuditEventResources.of(view(Files.readAllBytes(SAMPLES.resolve("110103-instances-accessed.xml"))));
        AuditEvent.AuditEventEntityComponent study = e.getEntity().stream()
                .filter(x -> "110180".equals(x.getWhat().getIdentifier().getType().getCodingFirstRep().getCode()))
                .findFirst().orElseThrow();
        String base = "http://hl7.org/fhir/StructureDefinition/auditevent-";
        assertThat(study.getExtensionsByUrl(base + "SOPClass")).isNotEmpty().allSatisfy(x -> assertThat(
                ((org.hl7.fhir.r4.model.Reference) x.getValue()).getIdentifier().getValue()).startsWith("urn:oid:1.2.840.10008."));
        assertThat(study.getExtensionsByUrl(base + "NumberOfInstances")).singleElement()
                .satisfies(x -> assertThat(((org.hl7.fhir.r4.model.IntegerType) x.getValue()).getValue()).isEqualTo(240));
        assertThat(study.getExtensionsByUrl(base + "Accession")).singleElement()
                .satisfies(x -> assertThat(((Identifier) x.getValue()).getValue()).isEqualTo("ACC-20261126-7"));
    }

    @Test
    void everyDicomObjectDescriptionElementIsAValidExtension() throws IOException {
        String sample = Files.readString(SAMPLES.resolve("110103-instances-accessed.xml"));
        String full = sample.replace("<Accession Number=\"ACC-20261126-7\"/>\n      <SOPClass UID=\"1.2.840.10008.5.1.4.1.1.2\" "
                + "NumberOfInstances=\"240\"/>", "<MPPS UID=\"1.2.840.113619.2.55.3.1.7\"/>"
                + "<Accession Number=\"ACC-20261126-7\"/>"
                + "<SOPClass UID=\"1.2.840.10008.5.1.4.1.1.2\" NumberOfInstances=\"2\">"
                + "<Instance UID=\"1.2.840.113619.2.55.3.1.8\"/><Instance UID=\"1.2.840.113619.2.55.3.1.9\"/></SOPClass>"
                + "<SOPClass UID=\"1.2.840.10008.5.1.4.1.1.7\" NumberOfInstances=\"1\"/>"
                + "<ParticipantObjectContainsStudy><StudyIDs UID=\"1.2.840.113619.2.55.3.604688119.969.1268071029.320\"/>"
                + "<StudyIDs UID=\"1.2.840.113619.2.55.3.604688119.969.1268071029.321\"/>"
                + "</ParticipantObjectContainsStudy><Encrypted>false</Encrypted><Anonymized>true</Anonymized>");
        assertThat(full).contains("<MPPS");
        EventView view = view(full.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(view.validation().status().wireName()).isEqualTo("valid");
        AuditEvent e = AuditEventResources.of(view);
        assertThat(FhirValidation.errors(e)).isEmpty();
        AuditEvent.AuditEventEntityComponent study = e.getEntityFirstRep();
        String base = "http://hl7.org/fhir/StructureDefinition/auditevent-";
        assertThat(study.getExtensionsByUrl(base + "MPPS")).singleElement().satisfies(x -> {
            assertThat(((Identifier) x.getValue()).getSystem()).isEqualTo("urn:dicom:uid");
            assertThat(((Identifier) x.getValue()).getValue()).isEqualTo("urn:oid:1.2.840.113619.2.55.3.1.7");
        });
        assertThat(study.getExtensionsByUrl(base + "Accession")).singleElement().satisfies(x ->
                assertThat(((Identifier) x.getValue()).getType().getCodingFirstRep().getCode()).isEqualTo("ACSN"));
        assertThat(study.getExtensionsByUrl(base + "SOPClass")).hasSize(2);
        assertThat(study.getExtensionsByUrl(base + "Instance")).extracting(x -> ((Identifier) x.getValue()).getValue())
                .containsExactly("urn:oid:1.2.840.113619.2.55.3.1.8", "urn:oid:1.2.840.113619.2.55.3.1.9");
        assertThat(study.getExtensionsByUrl(base + "NumberOfInstances")).singleElement()
                .satisfies(x -> assertThat(((org.hl7.fhir.r4.model.IntegerType) x.getValue()).getValue()).isEqualTo(3));
        // R4 allows one study per entity: the first.
        assertThat(study.getExtensionsByUrl(base + "ParticipantObjectContainsStudy")).singleElement().satisfies(x ->
                assertThat(((Identifier) x.getValue()).getValue()).endsWith(".320"));
        assertThat(study.getExtensionsByUrl(base + "Encrypted")).singleElement()
                .satisfies(x -> assertThat(((org.hl7.fhir.r4.model.BooleanType) x.getValue()).getValue()).isFalse());
        assertThat(study.getExtensionsByUrl(base + "Anonymized")).singleElement()
                .satisfies(x -> assertThat(((org.hl7.fhir.r4.model.BooleanType) x.getValue()).getValue()).isTrue());
    }

    @Test
    void theInstanceCountIsLeftOutWhenASopClassHasNoneOrTheSumDoesNotFit() throws IOException {
        String sample = Files.readString(SAMPLES.resolve("110103-instances-accessed.xml"));
        String base = "http://hl7.org/fhir/StructureDefinition/auditevent-";
        String tooMany = sample.replace("NumberOfInstances=\"240\"/>", "NumberOfInstances=\"2000000000\"/>"
                + "<SOPClass UID=\"1.2.840.10008.5.1.4.1.1.7\" NumberOfInstances=\"2000000000\"/>");
        AuditEvent overflow = AuditEventResources.of(view(tooMany.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(overflow.getEntityFirstRep().getExtensionsByUrl(base + "SOPClass")).hasSize(2);
        assertThat(overflow.getEntityFirstRep().getExtensionsByUrl(base + "NumberOfInstances")).isEmpty();
        String negative = sample.replace("NumberOfInstances=\"240\"", "NumberOfInstances=\"-5\"");
        assertThat(AuditEventResources.of(view(negative.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getEntityFirstRep()
                .getExtensionsByUrl(base + "NumberOfInstances")).isEmpty();
    }

    /** The check above can fail: the validator finds what R4 requires of an AuditEvent (recorded, source, agent). */
    @Test
    void theValidatorRefusesAnAuditEventWithoutItsRequiredElements() {
        AuditEvent empty = new AuditEvent();
        empty.setType(new org.hl7.fhir.r4.model.Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record"));
        assertThat(FhirValidation.errors(empty)).anySatisfy(m -> assertThat(m).contains("recorded"))
                .anySatisfy(m -> assertThat(m).contains("source")).anySatisfy(m -> assertThat(m).contains("agent"));
    }

    static EventView view(byte[] message) {
        return EventView.of(AuditDocuments.of(EnvelopeCapture.capture(READER, Instant.now(), message, Transport.TLS, "127.0.0.1",
                50_000, "CN=test"), null), false);
    }
}

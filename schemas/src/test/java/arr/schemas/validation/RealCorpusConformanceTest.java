package arr.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import arr.schemas.cli.ValidateCommandAccess;
import arr.schemas.event.ActiveParticipant;
import arr.schemas.event.AuditEvent;
import arr.schemas.event.Dialect;
import arr.schemas.event.Patient;
import arr.schemas.testing.Samples;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite over the 57 real messages of {@code ../shared/corpus/real/} (read in place). Each
 * row gives the expected status and issue codes with the reason, from SOURCES.md and the standard.
 * SOURCES.md's "Valid" column judged the schema only, so a schema-valid file may rightly be a warning
 * under the semantic rules; a file named {@code *invalid*} is never valid.
 */
class RealCorpusConformanceTest {

    /** Expected outcome of one corpus file. */
    record Expect(ValidationStatus status, Set<String> codes, String why) {
    }

    private static Expect valid(String why) {
        return new Expect(ValidationStatus.VALID, Set.of(), why);
    }

    private static Expect warning(String why, String... codes) {
        return new Expect(ValidationStatus.WARNING, Set.of(codes), why);
    }

    private static Expect invalid(String why, String... codes) {
        return new Expect(ValidationStatus.INVALID, Set.of(codes), why);
    }

    private static final String RELAXED = "IHE-relaxed DICOM as IPF sends it; A.5.3 rules hold";

    static final Map<String, Expect> TABLE = Map.ofEntries(
            Map.entry("connect__query-iti55-xcpd-nhinc-namespace.xml", warning("default namespace nhinc (normalized); "
                    + "both participants flagged UserIsRequestor=true (A.5.2: at most one)", "NAMESPACED_ROOT", "MULTIPLE_REQUESTORS")),
            Map.entry("dcm4chee-arr__invalid-iheyr4-root-prefix.xml", invalid("fragment '<IHE-Syslog-Audit-Message ': not XML", "NOT_WELL_FORMED")),
            Map.entry("dcm4chee-arr__invalid-truncated-auditmessage-start-tag.xml", invalid("'<AuditMessage>' unclosed", "NOT_WELL_FORMED")),
            Map.entry("dcm4chee-arr__user-login-minor-failure-impax.xml", valid("RFC 3881 login, outcome 4, one participant with its network access point")),
            Map.entry("ipf__application-start.xml", valid("current DICOM Application Start, application role 110150, no objects")),
            Map.entry("ipf__application-stop.xml", valid("current DICOM Application Stop")),
            Map.entry("ipf__import-iti43-swiss-epr-purposeofuse.xml", warning("IHE Import (ITI-43) uses source/destination, "
                    + "but DICOM A.5.3.5 requires a Source Media participant (110155)", "PARTICIPANT_ROLE_MISSING")),
            Map.entry("ipf__instances-transferred-dicom-ps315-sample.xml", warning("DICOM's own PS3.15 sample: code= (RFC 3881) "
                    + "with a DICOM description container (schema), EventDateTime without zone", "SCHEMA_VIOLATION", "EVENT_TIME_WITHOUT_ZONE")),
            Map.entry("ipf__patient-record-create-iti44-pixv3.xml", valid(RELAXED)),
            Map.entry("ipf__patient-record-create-iti44-source.xml", valid(RELAXED)),
            Map.entry("ipf__patient-record-create-iti8.xml", valid(RELAXED)),
            Map.entry("ipf__patient-record-delete-iti8-merge.xml", valid(RELAXED)),
            Map.entry("ipf__patient-record-read-iti10-update-notification.xml", valid(RELAXED + "; several patient IDs are allowed for 110110")),
            Map.entry("ipf__patient-record-update-iti64-xpid.xml", valid(RELAXED + "; several patient IDs are allowed for 110110")),
            Map.entry("ipf__patient-record-update-iti8-mergesource.xml", valid(RELAXED)),
            Map.entry("ipf__patient-record-update-iti8-source.xml", valid(RELAXED)),
            Map.entry("ipf__query-iti21-pdq.xml", valid(RELAXED)),
            Map.entry("ipf__query-iti45-pixv3.xml", valid(RELAXED)),
            Map.entry("ipf__query-iti47-pdqv3.xml", valid(RELAXED)),
            Map.entry("ipf__query-iti55-xcpd-traceparent.xml", valid(RELAXED + "; role 26 with type 4 is allowed in current DICOM")),
            Map.entry("ipf__query-iti55-xcpd.xml", valid(RELAXED)),
            Map.entry("ipf__query-iti78-pdqm-read.xml", valid(RELAXED)),
            Map.entry("ipf__query-iti78-pdqm-search.xml", valid("meets even the strict current DICOM schema")),
            Map.entry("ipf__query-iti83-pixm.xml", valid(RELAXED)),
            Map.entry("ipf__query-iti9-pix.xml", valid(RELAXED)),
            Map.entry("openatna__application-start.xml", warning("two participants with UserIsRequestor=true", "MULTIPLE_REQUESTORS")),
            Map.entry("openatna__export-iti41-carealign.xml", warning("Export without a media participant (110154); two "
                    + "requestors where exactly one is required", "MULTIPLE_REQUESTORS", "PARTICIPANT_ROLE_MISSING", "REQUESTOR_REQUIRED")),
            Map.entry("openatna__export-iti43-repository-a.xml", warning("Export without media participant and without a "
                    + "patient object (A.5.3.4)", "PARTICIPANT_ROLE_MISSING", "PATIENT_OBJECT_MISSING")),
            Map.entry("openatna__export-iti43-repository-b.xml", warning("same as -a", "PARTICIPANT_ROLE_MISSING", "PATIENT_OBJECT_MISSING")),
            Map.entry("openatna__import-iti41-repository.xml", warning("Import without Source Media (110155)", "PARTICIPANT_ROLE_MISSING")),
            Map.entry("openatna__import-iti42-registry.xml", warning("Import without Source Media (110155)", "PARTICIPANT_ROLE_MISSING")),
            Map.entry("openatna__invalid-iheyr4-provisional.xml", invalid("IHE Year-4 root, not AuditMessage", "NOT_AN_AUDIT_MESSAGE")),
            Map.entry("openatna__invalid-import-iti14-desination-typo.xml", warning("ParticipantObjectName as an attribute "
                    + "(schema); '&amp;amp;' in the CX; no Source Media — still normalizable, so not invalid",
                    "SCHEMA_VIOLATION", "DOUBLE_ESCAPED_IDENTIFIER", "PARTICIPANT_ROLE_MISSING")),
            Map.entry("openatna__invalid-import-iti14-swapped-codes.xml", warning("as the typo revision",
                    "SCHEMA_VIOLATION", "DOUBLE_ESCAPED_IDENTIFIER", "PARTICIPANT_ROLE_MISSING")),
            Map.entry("openatna__invalid-missing-userid.xml", warning("an ActiveParticipant without UserID (schema); Export "
                    + "rules", "SCHEMA_VIOLATION", "MULTIPLE_REQUESTORS", "PARTICIPANT_ROLE_MISSING", "REQUESTOR_REQUIRED")),
            Map.entry("openatna__invalid-no-userid-isrequestor-attr.xml", warning("IsRequestor instead of UserIsRequestor, "
                    + "no UserID (schema); Import rules", "SCHEMA_VIOLATION", "DOUBLE_ESCAPED_IDENTIFIER", "MULTIPLE_REQUESTORS",
                    "PARTICIPANT_ROLE_MISSING", "REQUESTOR_REQUIRED")),
            Map.entry("openatna__mesa-application-start-11115.xml", warning("MESA sample: EventDateTime without time zone",
                    "EVENT_TIME_WITHOUT_ZONE")),
            Map.entry("openatna__patient-record-create-iti8.xml", warning("destination also UserIsRequestor=true (SOURCES.md)", "MULTIPLE_REQUESTORS")),
            Map.entry("openatna__patient-record-update-quadramed.xml", valid("RFC 3881 without EventTypeCode or RoleIDCode, both optional")),
            Map.entry("openatna__patient-record-with-dicom-description.xml", warning("DICOM description container inside an "
                    + "RFC 3881 message (mixed dialect); two requestors", "SCHEMA_VIOLATION", "MULTIPLE_REQUESTORS")),
            Map.entry("openatna__query-iti18-registry.xml", valid("RFC 3881 stored query with its query object")),
            Map.entry("openatna__user-login-serious-failure.xml", valid("RFC 3881 login, outcome 8, the user has a network access point")),
            Map.entry("openatna__user-login-success-kerberos.xml", warning("user and KERBEROS_SERVER both requestors", "MULTIPLE_REQUESTORS")),
            Map.entry("rfc3881todicom__import-iti42-openxds-xsitype.xml", warning("xsi:type ignored as it should be; "
                    + "Import without Source Media", "PARTICIPANT_ROLE_MISSING")),
            Map.entry("rfc3881todicom__invalid-import-iti42-dicom-converted-stray-code-attr.xml", warning("csd-code with a "
                    + "code attribute on AuditSourceIdentification reads as the 2011-2014 form, whose schema it breaks; Import "
                    + "without Source Media", "SCHEMA_VIOLATION", "PARTICIPANT_ROLE_MISSING")),
            Map.entry("rfc3881todicom__invalid-query-iti18-dicom-converted-stray-code-attr.xml", warning("2011-2014 form "
                    + "with an empty code attribute (schema)", "SCHEMA_VIOLATION")),
            Map.entry("rfc3881todicom__invalid-user-login-xslt-output-stray-code-attr.xml", warning("conforms to the "
                    + "2011-2014 schema, but the authenticated person has no network access point (A.5.3.12)",
                    "NETWORK_ACCESS_POINT_REQUIRED")),
            Map.entry("rfc3881todicom__query-iti18-openxds-xsitype.xml", valid("xsi:type accepted and ignored; codeSystem beside codeSystemName")),
            Map.entry("rfc3881todicom__user-login-openhim-rfc3881.xml", warning("second participant omits UserIsRequestor "
                    + "(RFC 3881 default true is not assumed), both flagged; the person has no network access point",
                    "MULTIPLE_REQUESTORS", "NETWORK_ACCESS_POINT_REQUIRED")),
            Map.entry("openatna__invalid-syslog-mesa-appstart-qmark-bom.syslog", invalid("'?' where the BOM was: junk before the root", "NOT_WELL_FORMED")),
            Map.entry("openhim__invalid-syslog-ihe-wiki-dicom-login-newline-before-xmldecl.syslog", invalid("LF before the XML declaration", "NOT_WELL_FORMED")),
            Map.entry("openhim__invalid-syslog-ihe-wiki-dicom-login.syslog", warning("2011-2014 form; both participants "
                    + "requestors; the user has no network access point", "MULTIPLE_REQUESTORS", "NETWORK_ACCESS_POINT_REQUIRED")),
            Map.entry("openhim__invalid-syslog-ihe-wiki-rfc3881-login-newline-before-xmldecl.syslog", invalid("LF before the XML declaration", "NOT_WELL_FORMED")),
            Map.entry("openhim__invalid-syslog-non-xml-body.syslog", invalid("plain text body", "NOT_WELL_FORMED")),
            Map.entry("openhim__invalid-syslog-unexpected-xml-root.syslog", invalid("<data> root", "NOT_AN_AUDIT_MESSAGE")),
            Map.entry("openhim__syslog-ihe-wiki-rfc3881-login.syslog", warning("IHE wiki login: both requestors; the user "
                    + "has no network access point", "MULTIPLE_REQUESTORS", "NETWORK_ACCESS_POINT_REQUIRED")),
            Map.entry("openhim__syslog-pix-query-iti9.syslog", valid("RFC 3881 PIX query inside an RFC 5424 message")));

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();

    static Stream<Path> corpusFiles() {
        return Stream.concat(Samples.corpus(".xml").stream(), Samples.corpus(".syslog").stream());
    }

    @ParameterizedTest
    @MethodSource("corpusFiles")
    void corpusFileGetsItsExpectedVerdict(Path file) {
        String name = file.getFileName().toString();
        Expect expect = TABLE.get(name);
        assertThat(expect).as("a table row for " + name).isNotNull();
        ValidationResult result = VALIDATOR.validate(ValidateCommandAccess.auditXml(Samples.read(file))).result();
        Set<String> codes = result.issues().stream().map(Issue::code).collect(Collectors.toCollection(TreeSet::new));
        assertThat(result.status()).as(name + ": " + expect.why() + "; issues " + result.issues()).isEqualTo(expect.status());
        assertThat(codes).as(name + ": " + expect.why()).isEqualTo(new TreeSet<>(expect.codes()));
        if (name.contains("invalid")) {
            assertThat(result.status()).as("a file named *invalid* is never valid").isNotEqualTo(ValidationStatus.VALID);
        }
    }

    @Test
    void everyTableRowNamesAFileThatExists() {
        Set<String> files = corpusFiles().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertThat(files).hasSize(57);
        assertThat(TABLE.keySet()).isEqualTo(files);
    }

    /**
     * A patient known under several domains is sent as one ParticipantObjectID with HL7 repetitions ({@code ~}): each
     * identifier is a patient of the event, with its own CX value, so that a search or a legal hold on any of them finds
     * it (until 2026-11-28 only the first was).
     */
    @Test
    void everyRepetitionOfAPatientIdIsAPatientOfTheEvent() {
        AuditEvent event = validEvent("ipf__patient-record-update-iti8-source.xml");
        assertThat(event.patients()).extracting(Patient::id, Patient::authority, Patient::cx).containsExactly(
                tuple("IHERED-2342", "1.3.6.1.4.1.21367.13.20.1000", "IHERED-2342^^^IHERED&1.3.6.1.4.1.21367.13.20.1000&ISO^PI"),
                tuple("IHEBLUE-2342", "1.3.6.1.4.1.21367.13.20.3000", "IHEBLUE-2342^^^IHEBLUE&1.3.6.1.4.1.21367.13.20.3000&ISO^PI"),
                tuple("IHEFACILITY-2342", "1.3.6.1.4.1.21367.3000.1.6",
                        "IHEFACILITY-2342^^^IHEFACILITY&1.3.6.1.4.1.21367.3000.1.6&ISO^PI"));
    }

    /** RFC 3881's XSD makes an absent UserIsRequestor true; the validating parser supplies it, as the standard reads. */
    @Test
    void anRfc3881ParticipantWithoutUserIsRequestorIsTheRequestor() {
        AuditEvent event = validEvent("rfc3881todicom__user-login-openhim-rfc3881.xml");
        assertThat(event.dialect()).isEqualTo(Dialect.RFC_3881);
        assertThat(event.participants()).extracting(ActiveParticipant::userId, ActiveParticipant::requestor)
                .containsExactly(tuple("openhim", true), tuple("root@openhim.org", true));
    }

    private static AuditEvent validEvent(String name) {
        Path file = Samples.corpusDir().resolve(name);
        return VALIDATOR.validate(ValidateCommandAccess.auditXml(Samples.read(file))).event().orElseThrow();
    }
}

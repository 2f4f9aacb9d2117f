package arr.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.event.AuditEvent;
import arr.schemas.testing.Samples;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our samples, written from the standard: {@code valid/} passes with no issue; each {@code warning/} file is
 * named after the one issue it must raise (and raises nothing else); each {@code invalid/} file names the
 * fatal issue that stops it.
 */
class OwnSamplesTest {

    private static final AuditMessageValidator VALIDATOR = AuditMessageValidator.withDefaults();
    private static final ObjectMapper JSON = EnvelopeCodec.mapper();

    static Stream<Path> valid() {
        return Samples.samples("valid").stream();
    }

    static Stream<Path> warning() {
        return Samples.samples("warning").stream();
    }

    static Stream<Path> invalid() {
        return Samples.samples("invalid").stream();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validSampleHasNoIssueAndRoundTripsAsJson(Path file) throws Exception {
        ValidatedMessage result = VALIDATOR.validate(Samples.read(file));
        assertThat(result.result().issues()).as(file.getFileName().toString()).isEmpty();
        assertThat(result.result().status()).isEqualTo(ValidationStatus.VALID);
        AuditEvent event = result.event().orElseThrow();
        AuditEvent back = JSON.readValue(JSON.writeValueAsBytes(event), AuditEvent.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("warning")
    void warningSampleRaisesExactlyTheIssueItIsNamedAfter(Path file) {
        byte[] raw = Samples.read(file);
        byte[] copy = raw.clone();
        ValidatedMessage result = VALIDATOR.validate(raw);
        assertThat(result.result().status()).isEqualTo(ValidationStatus.WARNING);
        assertThat(result.result().issues()).extracting(Issue::code).containsOnly(expectedCode(file));
        assertThat(result.event()).isPresent();
        assertThat(raw).as("the raw bytes are never changed").isEqualTo(copy);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidSampleIsRefusedForTheReasonItIsNamedAfter(Path file) {
        ValidatedMessage result = VALIDATOR.validate(Samples.read(file));
        assertThat(result.result().status()).isEqualTo(ValidationStatus.INVALID);
        assertThat(result.event()).isEmpty();
        assertThat(result.result().issues()).extracting(Issue::code).contains(expectedCode(file));
        assertThat(result.result().issues()).allSatisfy(i -> {
            assertThat(i.message()).isNotBlank();
            assertThat(i.path()).startsWith("/");
        });
    }

    @Test
    void everyEventIdOfTheStandardHasAValidSample() {
        List<String> ids = Samples.samples("valid").stream().map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("1101")).map(n -> n.substring(0, 6)).toList();
        assertThat(ids).containsAll(Arrays.asList("110100", "110101", "110102", "110103", "110104", "110105", "110106",
                "110107", "110108", "110109", "110110", "110111", "110112", "110113", "110114"));
    }

    @Test
    void everyIssueCodeHasASampleOrADedicatedTest() {
        Set<String> sampled = Stream.concat(Samples.samples("warning").stream(), Samples.samples("invalid").stream())
                .map(OwnSamplesTest::expectedCode).collect(Collectors.toSet());
        // Generated in HostileXmlTest instead (sizes too large for a sample file): TOO_LARGE, ATTRIBUTE_TOO_LONG,
        // DECODE_LIMIT_EXCEEDED, TOO_MANY_ISSUES. EVENT_TIME_IMPLAUSIBLE depends on the receipt time: filing
        // adds it (IndexNameResolverTest); EVENT_PAST_RETENTION also depends on the retention policy (PlacementRulesTest);
        // RECORD_TOO_LARGE on the size of the Kafka record a message makes (RecordSizeLimitTest). The collector's own
        // codes are about the syslog stream, not the message: INCOMPLETE_FRAME and FRAMING_ERROR (SyslogFrameDecoderTest,
        // CollectorToKafkaIT), PROCESSING_ERROR (CollectorPipelineTest).
        Set<String> elsewhere = Set.of("TOO_LARGE", "ATTRIBUTE_TOO_LONG", "DECODE_LIMIT_EXCEEDED", "TOO_MANY_ISSUES",
                "EVENT_TIME_IMPLAUSIBLE", "EVENT_PAST_RETENTION", "RECORD_TOO_LARGE", "INCOMPLETE_FRAME", "FRAMING_ERROR",
                "PROCESSING_ERROR");
        assertThat(Arrays.stream(IssueCode.values()).map(Enum::name).filter(c -> !elsewhere.contains(c)))
                .allSatisfy(code -> assertThat(sampled).contains(code));
    }

    private static String expectedCode(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf("--"));
    }
}

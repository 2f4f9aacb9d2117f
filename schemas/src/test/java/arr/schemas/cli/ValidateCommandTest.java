package arr.schemas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.testing.Samples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy/bin/validate} as CONTRACT.md §1 describes it. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... files) {
        return ValidateCommand.run(List.of(files), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> lines() throws Exception {
        ObjectMapper json = new ObjectMapper();
        return out.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return json.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    @Test
    void printsOneJsonLinePerFileWithTheContractFieldsAndExitsZero() throws Exception {
        Path valid = Samples.samples("valid").get(0);
        Path warning = Samples.samplesDir().resolve("warning/MULTIPLE_REQUESTORS--two-requestors.xml");
        Path invalid = Samples.samplesDir().resolve("invalid/NOT_AN_AUDIT_MESSAGE--html.xml");
        assertThat(run(valid.toString(), warning.toString(), invalid.toString())).isZero();
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).path("file").asText()).isEqualTo(valid.toString());
        assertThat(lines.get(0).path("status").asText()).isEqualTo("valid");
        assertThat(lines.get(0).path("dialect").asText()).isEqualTo("dicom");
        assertThat(lines.get(0).path("eventId").asText()).isEqualTo("110100");
        assertThat(lines.get(1).path("status").asText()).isEqualTo("warning");
        JsonNode issue = lines.get(1).path("issues").get(0);
        assertThat(issue.path("level").asText()).isEqualTo("semantic");
        assertThat(issue.path("code").asText()).isEqualTo("MULTIPLE_REQUESTORS");
        assertThat(issue.path("message").asText()).isNotBlank();
        assertThat(issue.path("path").asText()).startsWith("/AuditMessage/ActiveParticipant");
        assertThat(lines.get(2).path("status").asText()).isEqualTo("invalid");
        assertThat(lines.get(2).path("dialect").asText()).isEqualTo("unknown");
        assertThat(lines.get(2).get("eventId").isNull()).isTrue();
        assertThat(lines.get(2).path("issues").get(0).path("level").asText()).isEqualTo("schema");
    }

    @Test
    void aWholeSyslogMessageIsValidatedOnItsMsg() throws Exception {
        byte[] xml = Samples.read(Samples.samples("valid").get(0));
        Path syslog = dir.resolve("message.syslog");
        byte[] header = "<85>1 2026-11-26T10:00:00Z host app - IHE+RFC-3881 - \uFEFF".getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[header.length + xml.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(xml, 0, frame, header.length, xml.length);
        Files.write(syslog, frame);
        assertThat(run(syslog.toString())).isZero();
        assertThat(lines().get(0).path("status").asText()).isEqualTo("valid");
    }

    @Test
    void anUnreadableFileExitsTwoAndTheOthersAreStillReported() throws Exception {
        Path valid = Samples.samples("valid").get(0);
        assertThat(run(dir.resolve("missing.xml").toString(), valid.toString())).isEqualTo(2);
        assertThat(lines()).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.xml");
    }
}

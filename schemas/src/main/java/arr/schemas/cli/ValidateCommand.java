package arr.schemas.cli;

import arr.schemas.syslog.Rfc5424Parser;
import arr.schemas.syslog.SyslogMessage;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.Issue;
import arr.schemas.validation.ValidationResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code deploy/bin/validate FILE...} (CONTRACT.md §1): offline, one JSON line per file with its status,
 * dialect, EventID and issues. A file holding a whole RFC 5424 syslog message is validated on its MSG.
 * Exit 0 when every file could be read, whatever the statuses; 2 when any could not.
 */
public final class ValidateCommand {

    /** One output line. */
    record FileReport(String file, String status, String dialect, String eventId, List<Issue> issues) {
    }

    private ValidateCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> files, PrintStream out, PrintStream err) {
        if (files.isEmpty()) {
            err.println("usage: validate FILE...");
            return 2;
        }
        AuditMessageValidator validator = AuditMessageValidator.withDefaults();
        ObjectMapper json = new ObjectMapper();
        int exit = 0;
        for (String file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(Path.of(file));
            } catch (IOException | RuntimeException e) {
                err.println("validate: cannot read " + file + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
                exit = 2;
                continue;
            }
            ValidationResult result = validator.validate(auditXml(content)).result();
            try {
                out.println(json.writeValueAsString(new FileReport(file, result.status().wireName(),
                        result.dialect().wireName(), result.eventId(), result.issues())));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the report of " + file, e);
            }
        }
        return exit;
    }

    /** The XML: the file itself, or the MSG of a syslog message ({@code <PRI>...}). */
    static byte[] auditXml(byte[] content) {
        if (content.length > 1 && content[0] == '<' && Character.isDigit(content[1])) {
            SyslogMessage message = Rfc5424Parser.parse(content);
            return message.msg();
        }
        return content;
    }
}

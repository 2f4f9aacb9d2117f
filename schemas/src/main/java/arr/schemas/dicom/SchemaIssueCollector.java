package arr.schemas.dicom;

import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import java.util.List;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Receives the schema validator's findings and records each as a SCHEMA_VIOLATION at the element the
 * parser is in, so validation goes on to the end of the message. Well-formedness errors are fatal.
 */
final class SchemaIssueCollector implements ErrorHandler {

    private final int maxIssues;
    private List<Issue> issues;
    private ElementPath path;
    private boolean truncated;

    SchemaIssueCollector(int maxIssues) {
        this.maxIssues = maxIssues;
    }

    void reset(List<Issue> messageIssues) {
        this.issues = messageIssues;
        this.truncated = false;
    }

    void trackPath(ElementPath elementPath) {
        this.path = elementPath;
    }

    @Override
    public void warning(SAXParseException e) {
        record(e);
    }

    @Override
    public void error(SAXParseException e) {
        record(e);
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
        throw e;
    }

    private void record(SAXParseException e) {
        if (issues.size() < maxIssues) {
            issues.add(Issue.of(IssueCode.SCHEMA_VIOLATION, e.getMessage(), path == null ? "/" : path.current()));
        } else if (!truncated) {
            truncated = true;
            issues.add(Issue.of(IssueCode.TOO_MANY_ISSUES, "more than " + maxIssues + " issues; the rest were not recorded", "/"));
        }
    }
}

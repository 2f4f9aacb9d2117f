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

    private final List<Integer> pending = new java.util.ArrayList<>();
    private boolean deferPaths;

    /**
     * Prepares for the next message. With {@code deferPaths}, the validator runs inside the parser, ahead
     * of the filter that tracks the path: an issue then gets its path from the next element event the
     * filter sees ({@link #resolvePending}).
     */
    void reset(List<Issue> messageIssues, boolean deferIssuePaths) {
        this.issues = messageIssues;
        this.truncated = false;
        this.deferPaths = deferIssuePaths;
        pending.clear();
    }

    void discardPending() {
        for (int i = pending.size() - 1; i >= 0; i--) {
            issues.remove((int) pending.get(i));
        }
        pending.clear();
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    void resolvePending(String elementPath) {
        for (int index : pending) {
            Issue issue = issues.get(index);
            issues.set(index, new Issue(issue.level(), issue.code(), issue.message(), elementPath));
        }
        pending.clear();
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
            if (deferPaths) {
                pending.add(issues.size());
            }
            issues.add(Issue.of(IssueCode.SCHEMA_VIOLATION, e.getMessage(), path == null ? "/" : path.current()));
        } else if (!truncated) {
            truncated = true;
            issues.add(Issue.of(IssueCode.TOO_MANY_ISSUES, "more than " + maxIssues + " issues; the rest were not recorded", "/"));
        }
    }
}

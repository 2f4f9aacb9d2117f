package arr.schemas.dicom;

import arr.schemas.validation.IssueCode;
import org.xml.sax.SAXException;

/** Stops a parse for a reason the reader classifies itself (never from a parser's message text). */
final class ReadingAbort extends SAXException {

    private final IssueCode code;
    private final String path;

    ReadingAbort(IssueCode code, String message, String path) {
        super(message);
        this.code = code;
        this.path = path;
    }

    IssueCode code() {
        return code;
    }

    String path() {
        return path;
    }
}

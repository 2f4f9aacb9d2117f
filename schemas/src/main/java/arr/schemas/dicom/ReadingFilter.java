package arr.schemas.dicom;

import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import java.util.List;
import javax.xml.XMLConstants;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.ext.LexicalHandler;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Sits between the SAX parser and the schema validator: refuses a DOCTYPE outright (so no entity is
 * ever declared or expanded), checks the root is AuditMessage, enforces depth and attribute-length
 * limits, drops {@code xsi:*} attributes (accepted and ignored), and moves elements of a namespaced
 * root's namespace into no namespace (normalized, and recorded).
 */
final class ReadingFilter implements ContentHandler, LexicalHandler {

    private static final String ROOT = "AuditMessage";

    private final ParserLimits limits;
    private final ElementPath path = new ElementPath();
    private ContentHandler next;
    private SchemaIssueCollector collector;
    private List<Issue> issues;
    private String rootNamespace = "";

    ReadingFilter(ParserLimits limits) {
        this.limits = limits;
    }

    /** Prepares for the next message: where events go and where issues are recorded. */
    void reset(ContentHandler nextHandler, SchemaIssueCollector issueCollector, List<Issue> messageIssues) {
        this.next = nextHandler;
        this.collector = issueCollector;
        this.issues = messageIssues;
        this.rootNamespace = "";
        path.clear();
    }

    ElementPath path() {
        return path;
    }

    @Override
    public void startDTD(String name, String publicId, String systemId) throws SAXException {
        throw new ReadingAbort(IssueCode.DTD_NOT_ALLOWED,
                "a DOCTYPE declaration is present; DTDs and entities are refused", "/");
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        if (path.depth() == 0) {
            checkRoot(uri, localName);
        }
        path.push(localName);
        if (collector.hasPending()) {
            collector.resolvePending(path.current());
        }
        if (path.depth() > limits.maxDepth()) {
            throw new ReadingAbort(IssueCode.TOO_DEEP, "elements nested deeper than " + limits.maxDepth(), path.current());
        }
        String elementUri = uri.equals(rootNamespace) ? "" : uri;
        next.startElement(elementUri, localName, elementUri.isEmpty() ? localName : qName, filter(atts));
    }

    private void checkRoot(String uri, String localName) throws SAXException {
        if (!ROOT.equals(localName)) {
            // A schema built into the parser has already said it knows no such element: that is this reason.
            collector.discardPending();
            throw new ReadingAbort(IssueCode.NOT_AN_AUDIT_MESSAGE,
                    "the root element is '" + localName + "', not AuditMessage", "/" + localName);
        }
        if (!uri.isEmpty()) {
            rootNamespace = uri;
            issues.add(Issue.of(IssueCode.NAMESPACED_ROOT,
                    "AuditMessage is in namespace '" + uri + "'; it was read as if it had none", "/AuditMessage"));
        }
    }

    private Attributes filter(Attributes atts) throws SAXException {
        AttributesImpl kept = null;
        for (int i = 0; i < atts.getLength(); i++) {
            if (atts.getValue(i).length() > limits.maxAttributeChars()) {
                throw new ReadingAbort(IssueCode.ATTRIBUTE_TOO_LONG, "attribute " + atts.getQName(i) + " is longer than "
                        + limits.maxAttributeChars() + " characters", path.attribute(atts.getLocalName(i)));
            }
            if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(atts.getURI(i))) {
                if (kept == null) {
                    kept = new AttributesImpl(atts);
                }
                kept.removeAttribute(kept.getIndex(atts.getURI(i), atts.getLocalName(i)));
            }
        }
        return kept == null ? atts : kept;
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (collector.hasPending()) {
            collector.resolvePending(path.current());
        }
        String elementUri = uri.equals(rootNamespace) ? "" : uri;
        next.endElement(elementUri, localName, elementUri.isEmpty() ? localName : qName);
        path.pop();
    }

    // Prefix mappings are not passed on: after normalization only foreign namespaces remain, and the
    // validator reports elements in those by their URI.
    @Override
    public void startPrefixMapping(String prefix, String uri) {
    }

    @Override
    public void endPrefixMapping(String prefix) {
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        next.setDocumentLocator(locator);
    }

    @Override
    public void startDocument() throws SAXException {
        next.startDocument();
    }

    @Override
    public void endDocument() throws SAXException {
        collector.resolvePending("/");
        next.endDocument();
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        next.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        next.ignorableWhitespace(ch, start, length);
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        next.processingInstruction(target, data);
    }

    @Override
    public void skippedEntity(String name) throws SAXException {
        throw new ReadingAbort(IssueCode.DTD_NOT_ALLOWED, "entity '" + name + "' is not defined and not expanded", path.current());
    }

    @Override
    public void endDTD() {
    }

    @Override
    public void startEntity(String name) {
    }

    @Override
    public void endEntity(String name) {
    }

    @Override
    public void startCDATA() {
    }

    @Override
    public void endCDATA() {
    }

    @Override
    public void comment(char[] ch, int start, int length) {
    }
}

package arr.schemas.dicom;

import arr.schemas.dicom.jaxb.AuditMessage;
import arr.schemas.event.Dialect;
import arr.schemas.validation.Issue;
import arr.schemas.validation.IssueCode;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads an audit message in one SAX pass: the XXE-hardened parser feeds a {@link ReadingFilter}, which
 * feeds the schema validator of the sniffed dialect, which feeds the JAXB binding of the lenient
 * superset schema. So each message is parsed once and validated against one XSD, and schema errors are
 * recorded while binding goes on. Thread-safe: each thread keeps its own wired {@link ReadingPipeline}.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part15/sect_A.5.html">DICOM PS3.15 A.5</a>
 */
public final class AuditXmlReader {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final JAXBContext CONTEXT = jaxbContext();
    private static final SAXParserFactory PARSERS = secureParserFactory(null);
    private static final Map<Dialect, SAXParserFactory> VALIDATING_PARSERS = validatingParserFactories();

    private final ParserLimits limits;
    private final ThreadLocal<ReadingPipeline> pipeline;

    public AuditXmlReader(ParserLimits limits) {
        this.limits = limits;
        this.pipeline = ThreadLocal.withInitial(() -> new ReadingPipeline(newParser(PARSERS),
                dialect -> newParser(VALIDATING_PARSERS.get(dialect)), newUnmarshaller(), limits));
    }

    /** The offset after one leading UTF-8 byte order mark, if there is one. */
    public static int bodyStart(byte[] message) {
        return message.length >= 3 && message[0] == BOM[0] && message[1] == BOM[1] && message[2] == BOM[2] ? 3 : 0;
    }

    public ReadOutcome read(byte[] message) {
        List<Issue> issues = new ArrayList<>();
        int start = bodyStart(message);
        if (isBlank(message, start)) {
            issues.add(Issue.of(IssueCode.EMPTY_MESSAGE, "the message has no content", "/"));
            return ReadOutcome.failed(Dialect.UNKNOWN, issues);
        }
        if (message.length > limits.maxDocumentBytes()) {
            issues.add(Issue.of(IssueCode.TOO_LARGE, "the message has " + message.length + " bytes; at most "
                    + limits.maxDocumentBytes() + " are parsed", "/"));
            return ReadOutcome.failed(Dialect.UNKNOWN, issues);
        }
        DialectSniffer.Sniff sniff = DialectSniffer.sniff(message, start);
        Dialect dialect = sniff.schema();
        try {
            return new ReadOutcome(dialect, Optional.of(pipeline.get().read(message, start, sniff, issues)), issues);
        } catch (ReadingAbort abort) {
            issues.add(Issue.of(abort.code(), abort.getMessage(), abort.path()));
        } catch (SAXParseException e) {
            // The parser wraps a decoding failure; its type, not its text, says the bytes were the problem.
            IssueCode code = e.getException() instanceof CharConversionException ? IssueCode.INVALID_UTF8 : IssueCode.NOT_WELL_FORMED;
            issues.add(Issue.of(code, "line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + e.getMessage(), "/"));
        } catch (CharConversionException e) {
            issues.add(Issue.of(IssueCode.INVALID_UTF8, "the bytes are not valid in the message's encoding: "
                    + e.getMessage(), "/"));
        } catch (SAXException | IOException | JAXBException | IllegalStateException e) {
            issues.add(Issue.of(IssueCode.NOT_WELL_FORMED, "the message cannot be read: " + e, "/"));
            // A failure we did not classify may leave the chain in an unknown state: start a fresh one.
            pipeline.remove();
        }
        return ReadOutcome.failed(dialect, issues);
    }

    private static boolean isBlank(byte[] message, int start) {
        for (int i = start; i < message.length; i++) {
            byte b = message[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static Map<Dialect, SAXParserFactory> validatingParserFactories() {
        Map<Dialect, SAXParserFactory> factories = new EnumMap<>(Dialect.class);
        for (Dialect dialect : Dialect.values()) {
            if (dialect.schemaResource() != null) {
                factories.put(dialect, secureParserFactory(DialectSchemas.schema(dialect)));
            }
        }
        return factories;
    }

    /** A hardened factory; with a schema, its parsers validate inside the parser pipeline. */
    private static SAXParserFactory secureParserFactory(Schema schema) {
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        if (schema != null) {
            factory.setSchema(schema);
        }
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK SAX parser refuses a hardening feature", e);
        }
        return factory;
    }

    private static SAXParser newParser(SAXParserFactory factory) {
        try {
            SAXParser saxParser;
            synchronized (factory) {
                saxParser = factory.newSAXParser();
            }
            saxParser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            saxParser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return saxParser;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot create a hardened SAX parser", e);
        }
    }

    private static Unmarshaller newUnmarshaller() {
        try {
            Unmarshaller u = CONTEXT.createUnmarshaller();
            // The schema validator reports deviations; binding itself goes on through anything.
            u.setEventHandler(event -> true);
            return u;
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot create the JAXB unmarshaller", e);
        }
    }

    private static JAXBContext jaxbContext() {
        try {
            return JAXBContext.newInstance(AuditMessage.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot build the JAXB context of the audit message model", e);
        }
    }
}

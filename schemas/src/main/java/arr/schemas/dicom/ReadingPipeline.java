package arr.schemas.dicom;

import arr.schemas.dicom.jaxb.AuditMessage;
import arr.schemas.event.Dialect;
import arr.schemas.validation.Issue;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.UnmarshallerHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.SAXParser;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * One thread's wired parser → filter → validator → JAXB chain, built once and reused for every message
 * that thread reads: building these parts costs more than reading a message. Not thread-safe.
 */
final class ReadingPipeline {

    private final XMLReader reader;
    private final UnmarshallerHandler binder;
    private final Map<Dialect, ValidatorHandler> validators = new EnumMap<>(Dialect.class);
    private final ReadingFilter filter;
    private final SchemaIssueCollector collector;

    ReadingPipeline(SAXParser parser, Unmarshaller unmarshaller, ParserLimits limits) {
        try {
            this.reader = parser.getXMLReader();
            this.binder = unmarshaller.getUnmarshallerHandler();
            this.collector = new SchemaIssueCollector(limits.maxIssues());
            this.filter = new ReadingFilter(limits);
            collector.trackPath(filter.path());
            reader.setContentHandler(filter);
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", filter);
            reader.setErrorHandler(collector);
            reader.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        } catch (SAXException e) {
            throw new IllegalStateException("cannot wire the SAX reading pipeline", e);
        }
    }

    /** Reads one message with the given dialect's schema; issues go to {@code issues}. */
    AuditMessage read(byte[] message, int start, Dialect dialect, List<Issue> issues)
            throws SAXException, IOException, JAXBException {
        ValidatorHandler validator = validators.computeIfAbsent(dialect, this::newValidator);
        collector.reset(issues);
        filter.reset(validator, issues);
        reader.parse(new InputSource(new ByteArrayInputStream(message, start, message.length - start)));
        return (AuditMessage) binder.getResult();
    }

    private ValidatorHandler newValidator(Dialect dialect) {
        ValidatorHandler validator = DialectSchemas.newValidatorHandler(dialect);
        validator.setErrorHandler(collector);
        validator.setContentHandler(binder);
        return validator;
    }
}

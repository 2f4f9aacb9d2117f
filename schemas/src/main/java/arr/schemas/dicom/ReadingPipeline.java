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
import java.util.function.Function;
import javax.xml.parsers.SAXParser;
import javax.xml.validation.ValidatorHandler;
import org.glassfish.jaxb.runtime.v2.runtime.unmarshaller.SAXConnector;
import org.glassfish.jaxb.runtime.v2.runtime.unmarshaller.UnmarshallerImpl;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * One thread's wired chains from bytes to the JAXB model, built once and reused: building them costs
 * more than reading a message. Not thread-safe.
 * <ul>
 *   <li>Usual chain: a parser with the dialect's schema built in (validation inside the parser, no SAX
 *       round trip) → {@link ReadingFilter} → JAXB.</li>
 *   <li>Normalizing chain, for the rare message with a default namespace or {@code xsi:type}: a plain parser
 *       → {@link ReadingFilter} (which normalizes) → the schema's validator handler → JAXB, so the schema
 *       sees the normalized message.</li>
 * </ul>
 * JAXB's public handler interns every element and attribute name it is given, because it cannot know
 * whether its parser did; the JDK's parser hands out names from its symbol table, already interned, and says
 * so (SAX feature {@code string-interning}). The usual chain therefore binds through a handler that does
 * not intern again, as JAXB's own {@code unmarshal(XMLReader)} does for such a parser: the second interning
 * was a tenth of the collector's CPU (async-profiler, 2026-11-27).
 */
final class ReadingPipeline {

    private final UnmarshallerHandler binder;
    private final Unmarshaller unmarshaller;
    private final Map<Dialect, UnmarshallerHandler> validatingBinders = new EnumMap<>(Dialect.class);
    private final ReadingFilter filter;
    private final SchemaIssueCollector collector;
    private final XMLReader plainReader;
    private final Map<Dialect, XMLReader> validatingReaders = new EnumMap<>(Dialect.class);
    private final Map<Dialect, ValidatorHandler> validators = new EnumMap<>(Dialect.class);
    private final Function<Dialect, SAXParser> validatingParsers;
    private final JaxbThreadCoordinator coordinator = new JaxbThreadCoordinator();

    /**
     * @param plainParser       a hardened parser without schema
     * @param validatingParsers a hardened parser with the given dialect's schema built in
     */
    ReadingPipeline(SAXParser plainParser, Function<Dialect, SAXParser> validatingParsers, Unmarshaller unmarshaller,
                    ParserLimits limits) {
        this.unmarshaller = unmarshaller;
        this.binder = unmarshaller.getUnmarshallerHandler();
        this.collector = new SchemaIssueCollector(limits.maxIssues());
        this.filter = new ReadingFilter(limits);
        this.validatingParsers = validatingParsers;
        collector.trackPath(filter.path());
        this.plainReader = wire(plainParser);
    }

    /** Reads one message against the given dialect's schema; issues go to {@code issues}. */
    AuditMessage read(byte[] message, int start, DialectSniffer.Sniff sniff, List<Issue> issues)
            throws SAXException, IOException, JAXBException {
        XMLReader reader;
        UnmarshallerHandler result;
        if (sniff.normalizeFirst()) {
            ValidatorHandler validator = validators.computeIfAbsent(sniff.schema(), this::newValidator);
            collector.reset(issues, false);
            filter.reset(validator, collector, issues);
            reader = plainReader;
            result = binder;
        } else {
            collector.reset(issues, true);
            reader = validatingReaders.computeIfAbsent(sniff.schema(), d -> wire(validatingParsers.apply(d)));
            result = validatingBinders.computeIfAbsent(sniff.schema(), d -> binderFor(validatingReaders.get(d)));
            filter.reset(result, collector, issues);
        }
        coordinator.enter();
        try {
            reader.parse(new InputSource(new ByteArrayInputStream(message, start, message.length - start)));
        } finally {
            coordinator.exit();
        }
        return (AuditMessage) result.getResult();
    }

    /** A binder that skips JAXB's interning when the reader says its names are interned already. */
    private UnmarshallerHandler binderFor(XMLReader reader) {
        if (unmarshaller instanceof UnmarshallerImpl jaxb && !UnmarshallerImpl.needsInterning(reader)) {
            return new SAXConnector(jaxb.createUnmarshallerHandler(null, false, null), null);
        }
        return binder;
    }

    private XMLReader wire(SAXParser parser) {
        try {
            XMLReader reader = parser.getXMLReader();
            reader.setContentHandler(filter);
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", filter);
            reader.setErrorHandler(collector);
            reader.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            return reader;
        } catch (SAXException e) {
            throw new IllegalStateException("cannot wire the SAX reading pipeline", e);
        }
    }

    private ValidatorHandler newValidator(Dialect dialect) {
        ValidatorHandler validator = DialectSchemas.newValidatorHandler(dialect);
        validator.setErrorHandler(collector);
        validator.setContentHandler(binder);
        return validator;
    }
}

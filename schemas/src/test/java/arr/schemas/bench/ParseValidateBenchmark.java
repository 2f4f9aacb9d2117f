package arr.schemas.bench;

import arr.schemas.dicom.AuditXmlReader;
import arr.schemas.dicom.DialectSchemas;
import arr.schemas.dicom.DialectSniffer;
import arr.schemas.event.Dialect;
import java.io.ByteArrayInputStream;
import java.util.EnumMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import arr.schemas.dicom.ParserLimits;
import arr.schemas.dicom.ReadOutcome;
import arr.schemas.chain.CanonicalJson;
import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.index.AuditDocuments;
import arr.schemas.envelope.EnvelopeCodec;
import arr.schemas.envelope.EnvelopeRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import arr.schemas.envelope.Transport;
import arr.schemas.event.AuditEvent;
import arr.schemas.mapping.AuditEventMapper;
import arr.schemas.syslog.SyslogHeader;
import arr.schemas.testing.Samples;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.validation.Issue;
import arr.schemas.validation.ValidatedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost per message of each step of the collector's single parse, on one thread: read (hardened SAX +
 * the dialect's XSD + JAXB binding in one pass), + normalize, + DICOM rules (= validate), + envelope JSON.
 * The mix: every realistic 1–3 kB message of our samples and, when present, of the real corpus.
 * Not a test; run with {@code deploy/bin/bench-schemas}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseValidateBenchmark {

    private final ParserLimits limits = ParserLimits.defaults();
    private final AuditXmlReader reader = new AuditXmlReader(limits);
    private final AuditEventMapper mapper = new AuditEventMapper(limits.maxDecodedBytes());
    private final AuditMessageValidator validator = new AuditMessageValidator(limits);
    private final Transport transport = new Transport(Transport.TLS, "10.1.2.3", 50123, "CN=device", SyslogHeader.none(), 0);
    private List<byte[]> messages;
    private List<AuditEnvelope> envelopes;
    private int next;

    private XMLReader saxReader;
    private final Map<Dialect, ValidatorHandler> xsdHandlers = new EnumMap<>(Dialect.class);

    @Setup
    public void loadMix() throws Exception {
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        saxReader = factory.newSAXParser().getXMLReader();
        List<byte[]> mix = new ArrayList<>();
        List<Path> files = new ArrayList<>(Samples.samples("valid"));
        files.addAll(Samples.samples("warning"));
        Path corpus = Path.of(System.getProperty("corpus.dir", "../../shared/corpus/real"));
        if (Files.isDirectory(corpus)) {
            files.addAll(Samples.corpus(".xml"));
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length >= 700 && bytes.length <= 3_500 && validator.validate(bytes).event().isPresent()) {
                mix.add(bytes);
            }
        }
        messages = mix;
        envelopes = new ArrayList<>();
        for (byte[] raw : mix) {
            ValidatedMessage validated = validator.validate(raw);
            envelopes.add(new AuditEnvelope(AuditEnvelope.VERSION, UUID.randomUUID(), Instant.now(), raw, raw.length,
                    transport, validated.result(), validated.event().orElse(null)));
        }
        System.out.println("message mix: " + messages.size() + " messages, average "
                + messages.stream().mapToInt(m -> m.length).average().orElse(0) + " bytes");
    }

    private byte[] nextMessage() {
        byte[] message = messages.get(next);
        next = (next + 1) % messages.size();
        return message;
    }

    /** Floor 1: the hardened SAX parser alone, events discarded. */
    @Benchmark
    public int saxOnly() throws Exception {
        byte[] message = nextMessage();
        saxReader.setContentHandler(new DefaultHandler());
        saxReader.parse(new InputSource(new ByteArrayInputStream(message)));
        return message.length;
    }

    /** Floor 2: SAX with the dialect's XSD validator as a SAX handler, no binding. */
    @Benchmark
    public int saxAndXsd() throws Exception {
        byte[] message = nextMessage();
        ValidatorHandler validator = xsdHandlers.computeIfAbsent(DialectSniffer.schemaFor(message, 0), d -> {
            ValidatorHandler h = DialectSchemas.newValidatorHandler(d);
            h.setErrorHandler(new DefaultHandler());
            h.setContentHandler(new DefaultHandler());
            return h;
        });
        saxReader.setContentHandler(validator);
        saxReader.parse(new InputSource(new ByteArrayInputStream(message)));
        return message.length;
    }

    @Benchmark
    public ReadOutcome read() {
        return reader.read(nextMessage());
    }

    @Benchmark
    public AuditEvent readAndNormalize() {
        ReadOutcome outcome = reader.read(nextMessage());
        List<Issue> issues = new ArrayList<>(outcome.issues());
        return mapper.map(outcome.message().orElseThrow(), outcome.schemaDialect(), issues).orElse(null);
    }

    @Benchmark
    public ValidatedMessage validate() {
        return validator.validate(nextMessage());
    }

    /** What collectors wrote before envelope version 2: the envelope as JSON. */
    @Benchmark
    public byte[] validateAndEncodeVersion1Envelope() {
        byte[] raw = nextMessage();
        ValidatedMessage validated = validator.validate(raw);
        return EnvelopeCodec.encode(new AuditEnvelope(EnvelopeCodec.JSON_VERSION, UUID.randomUUID(), Instant.now(), raw, raw.length,
                transport, validated.result(), validated.event().orElse(null)));
    }

    /** What the collector publishes: the record of envelope version 2, whose value is the canonical document. */
    @Benchmark
    public ProducerRecord<String, byte[]> validateAndMakeRecord() {
        byte[] raw = nextMessage();
        ValidatedMessage validated = validator.validate(raw);
        return EnvelopeRecords.producerRecord("audit.events", new AuditEnvelope(AuditEnvelope.VERSION, UUID.randomUUID(),
                Instant.now(), raw, raw.length, transport, validated.result(), validated.event().orElse(null)));
    }

    /** The record's document alone, of messages validated in setup, the message as text (schema 5). */
    @Benchmark
    public byte[] documentWithRawText() {
        return CanonicalJson.of(AuditDocuments.of(nextEnvelope(), null));
    }

    /** The same, the message in base64 as schema 4 held every message: what the text form costs or saves. */
    @Benchmark
    public byte[] documentWithRawBase64() {
        return CanonicalJson.of(AuditDocuments.ofVersion2(nextEnvelope()));
    }

    private AuditEnvelope nextEnvelope() {
        AuditEnvelope envelope = envelopes.get(next);
        next = (next + 1) % envelopes.size();
        return envelope;
    }
}

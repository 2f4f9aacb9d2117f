package arr.schemas.chain;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.envelope.AuditEnvelope;
import arr.schemas.envelope.EnvelopeCapture;
import arr.schemas.envelope.Transport;
import arr.schemas.validation.AuditMessageValidator;
import arr.schemas.envelope.EnvelopeCodecTestAccess;
import arr.schemas.index.AuditDocument;
import arr.schemas.index.AuditDocuments;
import arr.schemas.index.ChainLink;
import arr.schemas.testing.Samples;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The indexer's bytes and the verifier's re-sorted reading of them hash the same; any change does not. */
class ChainHashesTest {

    static Stream<Path> messages() {
        return Stream.concat(Samples.allSamples().stream(), Samples.corpus("").stream());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void whatTheIndexerHashesIsWhatTheVerifierRecomputesFromTheStoredSource(Path file) {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(file));
        AuditDocument document = AuditDocuments.of(envelope, null);
        byte[] canonical = CanonicalJson.of(document);
        String previous = ChainHashes.genesis("audit-events-2026.11", 3);
        ChainLink link = new ChainLink(3, 17, 1, ChainHashes.link(previous, envelope.raw(), canonical), previous);

        byte[] stored = ChainedDocuments.withLink(canonical, link);
        ChainedDocuments.Unpacked unpacked = ChainedDocuments.unpack(CanonicalJson.parse(stored));

        assertThat(unpacked.link()).isEqualTo(link);
        assertThat(unpacked.raw()).isEqualTo(envelope.raw());
        assertThat(new String(unpacked.canonicalDocument(), StandardCharsets.UTF_8))
                .isEqualTo(new String(canonical, StandardCharsets.UTF_8));
        assertThat(ChainHashes.link(link.previousHash(), unpacked.raw(), unpacked.canonicalDocument())).isEqualTo(link.hash());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void theVerifierGetsTheRawBytesBackFromADocumentOfSchema4Too(Path file) {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(file));
        byte[] canonical = CanonicalJson.of(AuditDocuments.ofVersion2(envelope));
        ChainLink link = new ChainLink(3, 17, 1, ChainHashes.link(ChainHashes.genesis("audit-events-2026.11", 3), envelope.raw(), canonical),
                ChainHashes.genesis("audit-events-2026.11", 3));

        ChainedDocuments.Unpacked unpacked = ChainedDocuments.unpack(CanonicalJson.parse(ChainedDocuments.withLink(canonical, link)));

        assertThat(unpacked.raw()).isEqualTo(envelope.raw());
        assertThat(ChainHashes.link(link.previousHash(), unpacked.raw(), unpacked.canonicalDocument())).isEqualTo(link.hash());
    }

    @Test
    void aMessageThatIsNotUtf8IsStoredAsBytesAndComesBackExactly() {
        byte[] frame = ("<85>1 2026-11-26T10:00:00Z pacs app 1 IHE+RFC-3881 - <AuditMessage><ActiveParticipant UserName=\"M\u00fcller\"/>")
                .getBytes(StandardCharsets.ISO_8859_1);
        AuditEnvelope envelope = EnvelopeCapture.capture(AuditMessageValidator.withDefaults(), Instant.now(), frame,
                Transport.TLS, "127.0.0.1", 50_000, null);
        AuditDocument document = AuditDocuments.of(envelope, null);
        byte[] canonical = CanonicalJson.of(document);

        ChainedDocuments.Unpacked unpacked = ChainedDocuments.unpack(CanonicalJson.parse(canonical));

        assertThat(document.rawText()).isNull();
        assertThat(unpacked.raw()).isEqualTo(frame);
        assertThat(unpacked.canonicalDocument()).isEqualTo(canonical);
    }

    @Test
    void editingTheStoredTextOfTheMessageChangesTheRawBytesTheVerifierHashes() {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(Samples.samples("valid").get(0)));
        ObjectNode stored = (ObjectNode) CanonicalJson.parse(CanonicalJson.of(AuditDocuments.of(envelope, null)));
        assertThat(stored.has("rawText")).isTrue();
        stored.put("rawText", stored.path("rawText").asText().replaceFirst("UserID=\"[^\"]*\"", "UserID=\"nobody\""));

        assertThat(ChainedDocuments.unpack(stored).raw()).isNotEqualTo(envelope.raw());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void aLinkFromTheRawDigestIsTheLinkFromTheRawBytes(Path file) {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(file));
        byte[] canonical = CanonicalJson.of(AuditDocuments.of(envelope, null));
        String previous = ChainHashes.genesis("audit-events-2026.11", 1);
        assertThat(ChainHashes.linkWithRawDigest(previous, ChainHashes.rawDigest(envelope.raw()), canonical))
                .isEqualTo(ChainHashes.link(previous, envelope.raw(), canonical));
    }

    @Test
    void theHandWrittenLinkIsWhatCanonicalJsonWrites() {
        String hash = ChainHashes.genesis("audit-events-2026.11", 5);
        ChainLink link = new ChainLink(5, 1_234_567_890_123L, 42, ChainHashes.link(hash, new byte[] {1}, new byte[] {2}), hash);
        assertThat(ChainedDocuments.linkJson(link)).isEqualTo(new String(CanonicalJson.of(link), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void aStoredDocumentReadsBackAsTheDocumentThatWasStored(Path file) throws Exception {
        AuditDocument document = AuditDocuments.of(EnvelopeCodecTestAccess.envelopeOf(Samples.read(file)), null);
        byte[] stored = CanonicalJson.of(document);
        AuditDocument read = AuditDocuments.storedReader().readValue(stored, AuditDocument.class);
        assertThat(CanonicalJson.of(read)).isEqualTo(stored);
    }

    @Test
    void editingAFieldTheRawMessageOrThePreviousHashChangesTheLink() {
        AuditEnvelope envelope = EnvelopeCodecTestAccess.envelopeOf(Samples.read(Samples.samples("valid").get(0)));
        byte[] canonical = CanonicalJson.of(AuditDocuments.of(envelope, null));
        String previous = ChainHashes.genesis("audit-events-2026.11", 0);
        String hash = ChainHashes.link(previous, envelope.raw(), canonical);

        ObjectNode edited = (ObjectNode) CanonicalJson.parse(canonical);
        edited.put("action", "D");
        byte[] rawEdited = envelope.raw().clone();
        rawEdited[rawEdited.length - 2] ^= 1;

        assertThat(ChainHashes.link(previous, envelope.raw(), CanonicalJson.of(edited))).isNotEqualTo(hash);
        assertThat(ChainHashes.link(previous, rawEdited, canonical)).isNotEqualTo(hash);
        assertThat(ChainHashes.link(ChainHashes.genesis("audit-events-2026.11", 1), envelope.raw(), canonical)).isNotEqualTo(hash);
        assertThat(ChainHashes.genesis("audit-events-2026.10", 0)).isNotEqualTo(previous);
    }

    @Test
    void theLinkIsAddedAsTheLastPropertyOfTheObject() {
        ChainLink link = new ChainLink(1, 2, 3, "ab", "cd");
        assertThat(new String(ChainedDocuments.withLink("{\"a\":1}".getBytes(StandardCharsets.UTF_8), link), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1,\"chain\":{\"hash\":\"ab\",\"offset\":2,\"partition\":1,\"previousHash\":\"cd\",\"sequence\":3}}");
        assertThat(new String(ChainedDocuments.withLink("{}".getBytes(StandardCharsets.UTF_8), link), StandardCharsets.UTF_8))
                .startsWith("{\"chain\":{");
    }
}

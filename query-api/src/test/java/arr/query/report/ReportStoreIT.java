package arr.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import arr.schemas.index.AuditDocuments;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report store against a real Elasticsearch: files round-trip through their chunks, and deletion is exact. */
@NeedsStack({Part.ELASTICSEARCH})
class ReportStoreIT {

    static Rest5Client rest;
    static ReportStore store;

    @BeforeAll
    static void connect(TestStack stack) {
        rest = Rest5Client.builder(URI.create(stack.elasticsearchUrl())).build();
        store = new ReportStore(new ElasticsearchClient(new Rest5ClientTransport(rest,
                new JacksonJsonpMapper(AuditDocuments.storedReader()))));
    }

    @AfterAll
    static void close() throws Exception {
        rest.close();
    }

    private static ReportRun run(String id, String requestedAt) {
        return ReportRun.queued(id, "exports", "2026-01-01T00:00:00Z", "2026-01-31T23:59:59.999Z", List.of(), "officer", null,
                1, requestedAt, requestedAt);
    }

    @Test
    void aFileOfSeveralChunksReadsBackAsWritten() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThat(store.create(run(id, Instant.now().toString()))).isNotNull();
        byte[] content = new byte[ReportStore.CHUNK_BYTES + 777];
        new Random(3).nextBytes(content);
        StoredFileWriter writer = new StoredFileWriter(store, id, "csv");
        writer.write(content, 0, content.length);
        ReportRun.ReportFile file = writer.finish();
        assertThat(file.chunks()).isEqualTo(2);
        assertThat(file.bytes()).isEqualTo(content.length);
        assertThat(file.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(content)));
        try (InputStream in = store.open(id, "csv", file)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aRunIDIsTakenOnceAndARunIsOnlyReplacedInTheVersionLastSeen() {
        String id = "exports-daily-" + UUID.randomUUID();
        ReportStore.Stored created = store.create(run(id, Instant.now().toString()));
        assertThat(created).isNotNull();
        assertThat(store.create(run(id, Instant.now().toString()))).isNull();
        assertThat(store.get(id)).map(s -> s.run().requestedBy()).hasValue("officer");
        ReportStore.Stored running = store.save(created.run().running(Instant.now().toString(), Instant.now().toString()),
                created);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.save(created.run().failed(Instant.now().toString(), "late", true), created))
                .isInstanceOf(ReportStore.TakenOver.class);
        assertThat(store.get(id)).map(s -> s.run().status()).hasValue(ReportRun.RUNNING);
        store.save(running.run().failed(Instant.now().toString(), "why", false), running);
        assertThat(store.get(id)).map(s -> s.run().error()).hasValue("why");
    }

    @Test
    void deletingAnAttemptsFilesLeavesEveryOtherAttemptsFiles() throws Exception {
        String id = UUID.randomUUID().toString();
        store.create(run(id, Instant.now().toString()));
        for (String key : List.of(id + "/1", id + "/2", id + "/10")) {
            StoredFileWriter writer = new StoredFileWriter(store, key, "pdf");
            writer.write(new byte[] {1, 2, 3}, 0, 3);
            writer.finish();
        }
        store.deleteFiles(id + "/1");
        ReportRun.ReportFile one = new ReportRun.ReportFile("", 3, 1);
        for (String key : List.of(id + "/2", id + "/10")) {
            try (InputStream in = store.open(key, "pdf", one)) {
                assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
            }
        }
        try (InputStream in = store.open(id + "/1", "pdf", one)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(in::readAllBytes).hasMessageContaining("missing");
        }
    }

    @Test
    void purgingRemovesOnlyRunsAndFilesOlderThanTheCutOff() throws Exception {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        store.create(run(old, "2001-01-01T00:00:00Z"));
        store.create(run(recent, Instant.now().toString()));
        StoredFileWriter writer = new StoredFileWriter(store, recent + "/1", "csv");
        writer.write(new byte[] {7}, 0, 1);
        ReportRun.ReportFile file = writer.finish();
        assertThat(store.purgeBefore(Instant.parse("2002-01-01T00:00:00Z"))).isGreaterThanOrEqualTo(1);
        assertThat(store.get(old)).isEmpty();
        assertThat(store.get(recent)).isPresent();
        try (InputStream in = store.open(recent + "/1", "csv", file)) {
            assertThat(in.readAllBytes()).containsExactly(7);
        }
        store.purgeBefore(Instant.now().plusSeconds(60));
        assertThat(store.get(recent)).isEmpty();
        try (InputStream in = store.open(recent + "/1", "csv", file)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(in::readAllBytes).hasMessageContaining("missing");
        }
    }

    @Test
    void aRunStillUnfinishedPastItsDeadlineIsFoundAsAbandoned() {
        String stale = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        store.create(run(stale, "2001-01-01T00:00:00Z"));
        store.create(ReportRun.queued(fresh, "exports", "2026-01-01T00:00:00Z", "2026-01-31T23:59:59.999Z", List.of(),
                "officer", null, 1, Instant.now().toString(), Instant.now().plusSeconds(3600).toString()));
        assertThat(store.abandonedBefore(Instant.now())).extracting(s -> s.run().id()).contains(stale).doesNotContain(fresh);
    }
}

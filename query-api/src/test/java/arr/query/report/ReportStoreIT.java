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
        return new ReportRun(id, "exports", "2026-01-01T00:00:00Z", "2026-01-31T23:59:59.999Z", List.of(), "officer", null,
                requestedAt, requestedAt, ReportRun.QUEUED, null, null, null, null, null, null);
    }

    @Test
    void aFileOfSeveralChunksReadsBackAsWritten() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThat(store.create(run(id, Instant.now().toString()))).isTrue();
        byte[] content = new byte[ReportStore.CHUNK_BYTES + 777];
        new Random(3).nextBytes(content);
        StoredFileWriter writer = new StoredFileWriter(store, id, "csv");
        writer.write(content, 0, content.length);
        ReportRun.ReportFile file = writer.finish();
        try (InputStream in = store.open(id, "csv", file)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aRunIDIsTakenOnce() {
        String id = "exports-daily-" + UUID.randomUUID();
        assertThat(store.create(run(id, Instant.now().toString()))).isTrue();
        assertThat(store.create(run(id, Instant.now().toString()))).isFalse();
        assertThat(store.get(id)).map(ReportRun::requestedBy).hasValue("officer");
    }

    @Test
    void deletingARunsFilesLeavesEveryOtherRunsFiles() throws Exception {
        String gone = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        for (String id : List.of(gone, kept)) {
            store.create(run(id, Instant.now().toString()));
            StoredFileWriter writer = new StoredFileWriter(store, id, "pdf");
            writer.write(new byte[] {1, 2, 3}, 0, 3);
            writer.finish();
        }
        store.deleteFiles(gone);
        ReportRun.ReportFile one = new ReportRun.ReportFile("", 3, 1);
        try (InputStream in = store.open(kept, "pdf", one)) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
        try (InputStream in = store.open(gone, "pdf", one)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(in::readAllBytes).hasMessageContaining("missing");
        }
    }

    @Test
    void purgingRemovesOnlyRunsAskedForBeforeTheCutOff() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        store.create(run(old, "2001-01-01T00:00:00Z"));
        store.create(run(recent, Instant.now().toString()));
        assertThat(store.purgeBefore(Instant.parse("2002-01-01T00:00:00Z"))).isGreaterThanOrEqualTo(1);
        assertThat(store.get(old)).isEmpty();
        assertThat(store.get(recent)).isPresent();
    }
}

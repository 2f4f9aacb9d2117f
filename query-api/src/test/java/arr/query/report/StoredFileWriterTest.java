package arr.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoredFileWriterTest {

    /** Keeps the chunks in memory instead of Elasticsearch. */
    static final class ChunksInMemory extends ReportStore {
        final List<byte[]> chunks = new ArrayList<>();

        ChunksInMemory() {
            super(null);
        }

        @Override
        void writeChunk(String run, String kind, int seq, byte[] data, int length) {
            assertThat(seq).isEqualTo(chunks.size());
            chunks.add(java.util.Arrays.copyOf(data, length));
        }
    }

    @Test
    void aFileLargerThanAChunkIsStoredInWholeChunksAndHashedAsAWhole() throws Exception {
        byte[] content = new byte[ReportStore.CHUNK_BYTES * 2 + 1234];
        new Random(7).nextBytes(content);
        ChunksInMemory store = new ChunksInMemory();
        StoredFileWriter writer = new StoredFileWriter(store, "r", "csv");
        for (int offset = 0; offset < content.length; offset += 100_000) {
            writer.write(content, offset, Math.min(100_000, content.length - offset));
        }
        ReportRun.ReportFile file = writer.finish();
        assertThat(file.chunks()).isEqualTo(3);
        assertThat(file.bytes()).isEqualTo(content.length);
        assertThat(store.chunks.get(0)).hasSize(ReportStore.CHUNK_BYTES);
        assertThat(store.chunks.get(2)).hasSize(1234);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] chunk : store.chunks) {
            joined.write(chunk);
        }
        assertThat(joined.toByteArray()).isEqualTo(content);
        assertThat(file.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }

    @Test
    void anEmptyFileIsOneEmptyChunk() {
        ChunksInMemory store = new ChunksInMemory();
        ReportRun.ReportFile file = new StoredFileWriter(store, "r", "csv").finish();
        assertThat(file.chunks()).isEqualTo(1);
        assertThat(file.bytes()).isZero();
        assertThat(file.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aFileOfExactlyOneChunkIsNotFollowedByAnEmptyOne() {
        ChunksInMemory store = new ChunksInMemory();
        StoredFileWriter writer = new StoredFileWriter(store, "r", "pdf");
        writer.write(new byte[ReportStore.CHUNK_BYTES], 0, ReportStore.CHUNK_BYTES);
        assertThat(writer.finish().chunks()).isEqualTo(1);
        assertThat(store.chunks).hasSize(1);
    }
}

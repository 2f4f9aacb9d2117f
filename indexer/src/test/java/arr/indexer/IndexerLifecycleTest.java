package arr.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class IndexerLifecycleTest {

    @Test
    void startUpWaitsForAnUnreachableElasticsearchButNotForItsOwnMistakes() {
        assertThat(IndexerLifecycle.unavailable(new UncheckedIOException("cannot install the index templates",
                new ConnectException("Connection refused")))).isTrue();
        assertThat(IndexerLifecycle.unavailable(new UncheckedIOException("cannot install the index templates",
                new IOException("audit-events.index-template.json is missing")))).isFalse();
        assertThat(IndexerLifecycle.unavailable(new IllegalArgumentException("not JSON"))).isFalse();
    }
}

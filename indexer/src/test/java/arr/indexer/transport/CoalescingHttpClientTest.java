package arr.indexer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.http.TransportHttpClient.Request;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CoalescingHttpClientTest {

    private static final ByteBuffer NEWLINE = ByteBuffer.wrap(new byte[] {'\n'}).asReadOnlyBuffer();

    @Test
    void piecesHoldEveryByteOfTheBodyInOrderAndNoPieceExceedsTheLimit() {
        Random random = new Random(20261127);
        for (int round = 0; round < 300; round++) {
            List<ByteBuffer> body = new ArrayList<>();
            int buffers = random.nextInt(60);
            for (int i = 0; i < buffers; i++) {
                // Mostly bulk-line sizes, some empty, some larger than a piece (a large document).
                int size = switch (random.nextInt(10)) {
                    case 0 -> 0;
                    case 1 -> CoalescingHttpClient.PIECE_BYTES + random.nextInt(2 * CoalescingHttpClient.PIECE_BYTES);
                    default -> random.nextInt(8_000);
                };
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                body.add(random.nextBoolean() ? ByteBuffer.wrap(bytes) : sliceOf(bytes, random));
                body.add(NEWLINE);
            }

            List<ByteBuffer> pieces = CoalescingHttpClient.pieces(body);

            assertThat(concatenated(pieces)).as("round %d", round).isEqualTo(concatenated(body));
            for (int i = 0; i < pieces.size(); i++) {
                assertThat(pieces.get(i).remaining()).isPositive().isLessThanOrEqualTo(CoalescingHttpClient.PIECE_BYTES);
                if (i < pieces.size() - 1) {
                    assertThat(pieces.get(i).remaining()).as("every piece but the last is full").isEqualTo(CoalescingHttpClient.PIECE_BYTES);
                }
            }
        }
    }

    @Test
    void sourceBuffersAreNotConsumedSoASharedNewlineAndARetriedRequestStayWhole() {
        List<ByteBuffer> body = List.of(utf8("{\"create\":{}}"), NEWLINE, utf8("{\"a\":1}"), NEWLINE);

        byte[] first = concatenated(CoalescingHttpClient.pieces(body));
        byte[] again = concatenated(CoalescingHttpClient.pieces(body));

        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("{\"create\":{}}\n{\"a\":1}\n");
        assertThat(again).isEqualTo(first);
        assertThat(NEWLINE.position()).isZero();
        assertThat(body.get(0).position()).isZero();
    }

    @Test
    void requestsReachTheHttpClientWithTheirMethodPathParametersAndHeadersAndOneCoalescedBody() throws Exception {
        Recording recording = new Recording();
        CoalescingHttpClient client = new CoalescingHttpClient(recording);
        Request bulk = new Request("POST", "/_bulk", Map.of("refresh", "false"), Map.of("Content-Type", "application/x-ndjson"),
                List.of(utf8("{\"create\":{\"_id\":\"1\"}}"), NEWLINE, utf8("{\"x\":\"y\"}"), NEWLINE));

        client.performRequest("bulk", null, bulk, null);
        client.performRequestAsync("bulk", null, bulk, null).join();

        assertThat(recording.requests).hasSize(2).allSatisfy(sent -> {
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.path()).isEqualTo("/_bulk");
            assertThat(sent.queryParams()).isEqualTo(bulk.queryParams());
            assertThat(sent.headers()).isEqualTo(bulk.headers());
            assertThat(sent.body()).hasSize(1);
            assertThat(new String(concatenated(sent.body()), StandardCharsets.UTF_8))
                    .isEqualTo("{\"create\":{\"_id\":\"1\"}}\n{\"x\":\"y\"}\n");
        });
    }

    @Test
    void requestsWithoutABodyOrWithASingleBufferAreSentUntouched() {
        Request search = new Request("POST", "/audit-events/_search", Map.of(), Map.of(), List.of(utf8("{}")));
        Request head = new Request("GET", "/_cluster/health", Map.of(), Map.of(), null);
        Request empty = new Request("POST", "/x", Map.of(), Map.of(), List.of());

        assertThat(CoalescingHttpClient.coalesced(search)).isSameAs(search);
        assertThat(CoalescingHttpClient.coalesced(head)).isSameAs(head);
        assertThat(CoalescingHttpClient.coalesced(empty)).isSameAs(empty);
    }

    private static ByteBuffer sliceOf(byte[] bytes, Random random) {
        // A view into a larger array at an offset, as the client's own output streams hand out.
        int before = random.nextInt(16);
        byte[] larger = new byte[before + bytes.length + random.nextInt(16)];
        System.arraycopy(bytes, 0, larger, before, bytes.length);
        return ByteBuffer.wrap(larger, before, bytes.length).slice();
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concatenated(Iterable<ByteBuffer> buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : buffers) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** The HTTP client below the decorator: keeps what it is asked to send. */
    private static final class Recording implements TransportHttpClient {
        final List<Request> requests = new ArrayList<>();

        @Override
        public Response performRequest(String endpointId, Node node, Request request, TransportOptions options) {
            requests.add(request);
            return null;
        }

        @Override
        public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                               TransportOptions options) {
            requests.add(request);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}

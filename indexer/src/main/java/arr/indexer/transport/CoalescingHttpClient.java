package arr.indexer.transport;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.annotation.Nullable;

/**
 * Hands the HTTP client each request body in a few large buffers instead of the Elasticsearch client's four per bulk
 * operation (action line, newline, document, newline).
 *
 * <p>Why: the client's entity writes one buffer per call of the HTTP reactor, and each call wakes the reactor's
 * selector again (an eventfd write and read, an {@code epoll_wait}) and sends what it has: for a bulk of 1,000
 * documents about 4,000 reactor cycles and as many small socket writes, each an HTTP chunk of its own that
 * Elasticsearch then decodes and reads separately. async-profiler put those system calls at about 40% of the
 * indexer's CPU samples under load (2026-11-27). Copying the body once into pieces of {@link #PIECE_BYTES} costs a
 * memory copy per document; each piece then goes out in a single reactor call, in socket writes of the HTTP client's
 * buffer size.
 */
public final class CoalescingHttpClient implements TransportHttpClient {

    /**
     * Below half of a G1 region (1 MiB at the indexer's 512 MB heap), so that no piece is a "humongous" allocation,
     * which would start a concurrent marking cycle of its own.
     */
    static final int PIECE_BYTES = 256 * 1024;

    private final TransportHttpClient delegate;

    public CoalescingHttpClient(TransportHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public TransportOptions createOptions(@Nullable TransportOptions options) {
        return delegate.createOptions(options);
    }

    @Override
    public Response performRequest(String endpointId, @Nullable Node node, Request request, TransportOptions options)
            throws IOException {
        return delegate.performRequest(endpointId, node, coalesced(request), options);
    }

    @Override
    public CompletableFuture<Response> performRequestAsync(String endpointId, @Nullable Node node, Request request,
                                                           TransportOptions options) {
        return delegate.performRequestAsync(endpointId, node, coalesced(request), options);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    static Request coalesced(Request request) {
        Iterable<ByteBuffer> body = request.body();
        if (body == null || isSingle(body)) {
            return request;
        }
        return new Request(request.method(), request.path(), request.queryParams(), request.headers(), pieces(body));
    }

    /**
     * The bytes of {@code body} in order, in heap buffers of at most {@link #PIECE_BYTES} each. The source buffers are
     * read through duplicates: the client shares one newline buffer between all bulk lines and may send a request
     * again after a failure.
     */
    static List<ByteBuffer> pieces(Iterable<ByteBuffer> body) {
        List<ByteBuffer> pieces = new ArrayList<>();
        ByteBuffer piece = null;
        for (ByteBuffer buffer : body) {
            ByteBuffer source = buffer.duplicate();
            while (source.hasRemaining()) {
                if (piece == null || !piece.hasRemaining()) {
                    piece = ByteBuffer.allocate(PIECE_BYTES);
                    pieces.add(piece);
                }
                int count = Math.min(source.remaining(), piece.remaining());
                piece.put(piece.position(), source, source.position(), count);
                piece.position(piece.position() + count);
                source.position(source.position() + count);
            }
        }
        for (ByteBuffer filled : pieces) {
            filled.flip();
        }
        return pieces;
    }

    private static boolean isSingle(Iterable<ByteBuffer> body) {
        Iterator<ByteBuffer> buffers = body.iterator();
        if (!buffers.hasNext()) {
            return true;
        }
        buffers.next();
        return !buffers.hasNext();
    }
}

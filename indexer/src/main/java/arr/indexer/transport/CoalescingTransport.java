package arr.indexer.transport;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.Transport;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.rest5_client.Rest5ClientHttpClient;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import javax.annotation.Nullable;

/**
 * The official client's transport over the low-level {@link Rest5Client}, like its {@code Rest5ClientTransport}, with
 * request bodies coalesced ({@link CoalescingHttpClient}).
 */
public final class CoalescingTransport extends ElasticsearchTransportBase {

    public CoalescingTransport(Rest5Client rest, JsonpMapper mapper) {
        this(new CoalescingHttpClient(new Rest5ClientHttpClient(rest)), null, mapper);
    }

    private CoalescingTransport(CoalescingHttpClient http, @Nullable TransportOptions options, JsonpMapper mapper) {
        super(http, options, mapper, null);
    }

    @Override
    public Transport withOptions(@Nullable TransportOptions options) {
        return new CoalescingTransport((CoalescingHttpClient) httpClient, options, mapper);
    }
}

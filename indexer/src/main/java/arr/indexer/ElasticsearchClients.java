package arr.indexer;

import arr.indexer.transport.CoalescingTransport;
import arr.schemas.envelope.EnvelopeCodec;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.net.URI;

/** The Elasticsearch client of the indexer and of {@code verify}, with the envelope's JSON rules. */
public final class ElasticsearchClients {

    private ElasticsearchClients() {
    }

    public static ElasticsearchClient over(Rest5Client rest) {
        return new ElasticsearchClient(new CoalescingTransport(rest, new JacksonJsonpMapper(EnvelopeCodec.mapper())));
    }

    public static ElasticsearchClient connect(URI url) {
        return over(Rest5Client.builder(url).build());
    }
}

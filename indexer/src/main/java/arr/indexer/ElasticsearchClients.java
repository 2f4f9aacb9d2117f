package arr.indexer;

import arr.indexer.transport.CoalescingTransport;
import arr.schemas.envelope.EnvelopeCodec;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import arr.schemas.config.ElasticsearchAccess;
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
        return over(rest(url, System.getenv()));
    }

    /** The low-level client, with the credentials and CA of {@link ElasticsearchAccess} from {@code env}. */
    public static Rest5Client rest(URI url, java.util.Map<String, String> env) {
        ElasticsearchAccess access = ElasticsearchAccess.fromEnvironment(env);
        var builder = Rest5Client.builder(url);
        access.authorization().ifPresent(value -> builder.setDefaultHeaders(new org.apache.hc.core5.http.Header[] {
                new org.apache.hc.core5.http.message.BasicHeader("Authorization", value)}));
        access.sslContext().ifPresent(builder::setSSLContext);
        return builder.build();
    }
}

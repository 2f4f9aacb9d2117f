package arr.indexer.reconcile;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A value deserializer for the reconciliation's consumer, which needs only keys, timestamps and headers: it does not
 * copy the value (the ~4 kB document) out of the fetched batch, as {@code ByteArrayDeserializer} would for every
 * record of a five-minute window.
 */
public final class SkippedValue implements Deserializer<Void> {

    @Override
    public Void deserialize(String topic, byte[] data) {
        return null;
    }

    @Override
    public Void deserialize(String topic, Headers headers, ByteBuffer data) {
        return null;
    }
}

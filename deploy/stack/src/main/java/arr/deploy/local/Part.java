package arr.deploy.local;

import java.util.Arrays;
import java.util.Locale;

/** The processes of the local stack, in start order: the servers first, then the services that use them. */
public enum Part {
    KAFKA("kafka"),
    ELASTICSEARCH("elasticsearch"),
    COLLECTOR("collector"),
    INDEXER("indexer"),
    QUERY_API("query-api");

    private final String displayName;

    Part(String displayName) {
        this.displayName = displayName;
    }

    /** The name used in status lines, pid files and log files. */
    public String displayName() {
        return displayName;
    }

    public boolean isServer() {
        return this == KAFKA || this == ELASTICSEARCH;
    }

    public static Part fromName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.displayName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown part '" + name + "'; expected one of kafka, elasticsearch, collector, indexer, query-api"));
    }
}

package arr.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every port of the stack (CONTRACT.md §3), all on 127.0.0.1.
 *
 * <p>{@link #fromEnvironment} gives the contract's defaults moved by their variables;
 * {@link #free()} gives ports the operating system reports unused, for test stacks that must never
 * collide with a running local stack.
 */
public record StackPorts(
        int syslogTls,
        int syslogTcp,
        int syslogUdp,
        int api,
        int collectorManagement,
        int indexerManagement,
        int kafka,
        int kafkaController,
        int elasticsearch,
        int elasticsearchTransport) {

    public static final String HOST = "127.0.0.1";

    public static StackPorts fromEnvironment(Map<String, String> env) {
        return new StackPorts(
                port(env, "AUDIT_SYSLOG_TLS_PORT", 6514),
                port(env, "AUDIT_SYSLOG_TCP_PORT", 8514),
                port(env, "AUDIT_SYSLOG_UDP_PORT", 8514),
                port(env, "AUDIT_API_PORT", 8080),
                port(env, "AUDIT_COLLECTOR_MGMT_PORT", 8081),
                port(env, "AUDIT_INDEXER_MGMT_PORT", 8082),
                port(env, "AUDIT_KAFKA_PORT", 9092),
                port(env, "AUDIT_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "AUDIT_ES_PORT", 9200),
                port(env, "AUDIT_ES_TRANSPORT_PORT", 9300));
    }

    /** Ten distinct ports that are free right now (the UDP syslog port shares the TCP one, as by default). */
    public static StackPorts free() {
        Set<Integer> taken = new HashSet<>();
        int tcp = freePort(taken);
        return new StackPorts(freePort(taken), tcp, tcp, freePort(taken), freePort(taken), freePort(taken),
                freePort(taken), freePort(taken), freePort(taken), freePort(taken));
    }

    /** The ports a part binds; the first one is where its health is checked. */
    public List<PortSetting> of(Part part) {
        return switch (part) {
            case KAFKA -> List.of(
                    PortSetting.tcp("Kafka broker", "AUDIT_KAFKA_PORT", kafka),
                    PortSetting.tcp("Kafka controller", "AUDIT_KAFKA_CONTROLLER_PORT", kafkaController));
            case ELASTICSEARCH -> List.of(
                    PortSetting.tcp("Elasticsearch HTTP", "AUDIT_ES_PORT", elasticsearch),
                    PortSetting.tcp("Elasticsearch transport", "AUDIT_ES_TRANSPORT_PORT", elasticsearchTransport));
            case COLLECTOR -> List.of(
                    PortSetting.tcp("collector management", "AUDIT_COLLECTOR_MGMT_PORT", collectorManagement),
                    PortSetting.tcp("syslog over TLS", "AUDIT_SYSLOG_TLS_PORT", syslogTls),
                    PortSetting.tcp("syslog over TCP", "AUDIT_SYSLOG_TCP_PORT", syslogTcp),
                    PortSetting.udp("syslog over UDP", "AUDIT_SYSLOG_UDP_PORT", syslogUdp));
            case INDEXER -> List.of(
                    PortSetting.tcp("indexer management", "AUDIT_INDEXER_MGMT_PORT", indexerManagement));
            case QUERY_API -> List.of(PortSetting.tcp("query-api HTTP", "AUDIT_API_PORT", api));
        };
    }

    /** The port shown in status lines and checked for health. */
    public int primary(Part part) {
        return of(part).get(0).port();
    }

    public String kafkaBootstrap() {
        return HOST + ":" + kafka;
    }

    public String elasticsearchUrl() {
        return "http://" + HOST + ":" + elasticsearch;
    }

    /** Whether nothing listens on that port of 127.0.0.1 now. */
    public static boolean isFree(PortSetting setting) {
        InetSocketAddress address = new InetSocketAddress(loopback(), setting.port());
        if (setting.udp()) {
            try (DatagramSocket socket = new DatagramSocket(address)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int port(Map<String, String> env, String variable, int defaultPort) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(variable + "='" + value + "' is not a port number (1-65535)");
        }
    }

    private static int freePort(Set<Integer> taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
                int port = socket.getLocalPort();
                if (taken.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on " + HOST, e);
            }
        }
        throw new StackException("could not find a free port on " + HOST);
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}

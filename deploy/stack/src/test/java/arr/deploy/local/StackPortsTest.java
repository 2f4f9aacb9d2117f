package arr.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackPortsTest {

    @Test
    void defaultsAreTheContractPorts() {
        StackPorts ports = StackPorts.fromEnvironment(Map.of());
        assertThat(List.of(ports.syslogTls(), ports.syslogTcp(), ports.syslogUdp(), ports.api(),
                ports.collectorManagement(), ports.indexerManagement(), ports.kafka(), ports.kafkaController(),
                ports.elasticsearch(), ports.elasticsearchTransport()))
                .containsExactly(6514, 8514, 8514, 8080, 8081, 8082, 9092, 9093, 9200, 9300);
    }

    @Test
    void eachPortIsMovedByItsVariable() {
        StackPorts ports = StackPorts.fromEnvironment(Map.of("AUDIT_ES_PORT", "19200", "AUDIT_KAFKA_PORT", " 19092 "));
        assertThat(ports.elasticsearch()).isEqualTo(19200);
        assertThat(ports.kafka()).isEqualTo(19092);
        assertThat(ports.elasticsearchUrl()).isEqualTo("http://127.0.0.1:19200");
        assertThat(ports.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void aPortThatIsNotANumberIsAnErrorNamingTheVariable() {
        assertThatThrownBy(() -> StackPorts.fromEnvironment(Map.of("AUDIT_API_PORT", "80a")))
                .isInstanceOf(StackException.class).hasMessageContaining("AUDIT_API_PORT");
        assertThatThrownBy(() -> StackPorts.fromEnvironment(Map.of("AUDIT_API_PORT", "70000")))
                .isInstanceOf(StackException.class).hasMessageContaining("AUDIT_API_PORT");
    }

    @Test
    void freePortsAreDistinctExceptTheSharedSyslogPort() {
        StackPorts ports = StackPorts.free();
        Set<Integer> distinct = new HashSet<>(List.of(ports.syslogTls(), ports.syslogTcp(), ports.api(),
                ports.collectorManagement(), ports.indexerManagement(), ports.kafka(), ports.kafkaController(),
                ports.elasticsearch(), ports.elasticsearchTransport()));
        assertThat(distinct).hasSize(9);
        assertThat(ports.syslogUdp()).isEqualTo(ports.syslogTcp());
    }

    @Test
    void aBoundPortIsReportedTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(StackPorts.isFree(PortSetting.tcp("x", "X", taken.getLocalPort()))).isFalse();
        }
    }

    @Test
    void everyPartHasItsHealthPortFirst() {
        StackPorts ports = StackPorts.fromEnvironment(Map.of());
        assertThat(ports.primary(Part.KAFKA)).isEqualTo(9092);
        assertThat(ports.primary(Part.ELASTICSEARCH)).isEqualTo(9200);
        assertThat(ports.primary(Part.COLLECTOR)).isEqualTo(8081);
        assertThat(ports.primary(Part.INDEXER)).isEqualTo(8082);
        assertThat(ports.primary(Part.QUERY_API)).isEqualTo(8080);
        assertThat(ports.of(Part.COLLECTOR)).extracting(PortSetting::variable)
                .contains("AUDIT_SYSLOG_TLS_PORT", "AUDIT_SYSLOG_TCP_PORT", "AUDIT_SYSLOG_UDP_PORT");
    }
}

package arr.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {

    @TempDir
    Path dir;

    @Test
    void theFilesSecuritySettingsAreAddedToTheClientsOwn() throws Exception {
        Path file = Files.writeString(dir.resolve("kafka-client.properties"), """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="arr" password="s";
                ssl.truststore.location=/etc/arr/kafka-ca.p12
                """);
        Properties props = new Properties();
        props.put("acks", "all");
        KafkaClientSecurity.apply(props, Map.of(KafkaClientSecurity.VARIABLE, file.toString()));
        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/arr/kafka-ca.p12").containsEntry("acks", "all");
        assertThat(props.getProperty("sasl.jaas.config")).contains("username=\"arr\"");
    }

    @Test
    void withoutTheVariableNothingIsAdded() {
        assertThat(KafkaClientSecurity.apply(new Properties(), Map.of())).isEmpty();
    }

    @Test
    void aSettingBeyondSecurityIsRefusedNamingItAndAnUnreadableFileNamingTheVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), "security.protocol=SSL\nacks=1\n");
        assertThatThrownBy(() -> KafkaClientSecurity.apply(new Properties(), Map.of(KafkaClientSecurity.VARIABLE, file.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'acks'").hasMessageContaining(KafkaClientSecurity.VARIABLE);
        assertThatThrownBy(() -> KafkaClientSecurity.apply(new Properties(), Map.of(KafkaClientSecurity.VARIABLE,
                dir.resolve("missing").toString()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
    }
}

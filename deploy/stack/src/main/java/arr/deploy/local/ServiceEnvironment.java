package arr.deploy.local;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The environment each service of a stack is started with, and only what that service needs (least privilege):
 * the collector gets the syslog ports and its TLS files, the indexer Elasticsearch and the checkpoint signing key,
 * the query API Elasticsearch, the cursor key and its users with BCrypt hashes of their passwords (no service ever
 * sees a password in clear). In particular only the indexer is told where the checkpoint's private key is. On the
 * local stack every service runs as the same user, who can read {@code .local-stack/keys}, so this is not a barrier
 * there; in production each service runs as its own user and only the indexer's can read the key file.
 */
public final class ServiceEnvironment {

    private static final int BCRYPT_COST = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServiceEnvironment() {
    }

    public static Map<String, String> of(Part part, StackSettings settings, LocalPki pki, CheckpointKeyPair checkpointKeys,
                                         StackCredentials credentials) {
        StackPorts ports = settings.ports();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUDIT_KAFKA_BOOTSTRAP", ports.kafkaBootstrap());
        switch (part) {
            case COLLECTOR -> {
                env.put("AUDIT_SYSLOG_TLS_PORT", Integer.toString(ports.syslogTls()));
                env.put("AUDIT_SYSLOG_TCP_PORT", Integer.toString(ports.syslogTcp()));
                env.put("AUDIT_SYSLOG_UDP_PORT", Integer.toString(ports.syslogUdp()));
                env.put("AUDIT_COLLECTOR_MGMT_PORT", Integer.toString(ports.collectorManagement()));
                env.put("AUDIT_TLS_CERT", pki.serverCertificate().toString());
                env.put("AUDIT_TLS_KEY", pki.serverKey().toString());
                env.put("AUDIT_TLS_TRUST", pki.caCertificate().toString());
            }
            case INDEXER -> {
                env.put("AUDIT_ES_URL", ports.elasticsearchUrl());
                env.put("AUDIT_INDEXER_MGMT_PORT", Integer.toString(ports.indexerManagement()));
                env.put("AUDIT_CHECKPOINT_KEY", checkpointKeys.privateKey().toString());
                env.put("AUDIT_CHECKPOINT_PUBLIC_KEY", checkpointKeys.publicKey().toString());
            }
            case QUERY_API -> {
                env.put("AUDIT_ES_URL", ports.elasticsearchUrl());
                env.put("AUDIT_API_PORT", Integer.toString(ports.api()));
                env.put("AUDIT_CURSOR_KEY", new CursorKey(checkpointKeys.privateKey().getParent()).file().toString());
                for (String role : new String[] {"OFFICER", "AUDITOR", "ADMIN"}) {
                    env.put("AUDIT_" + role + "_USER", credentials.get("AUDIT_" + role + "_USER"));
                    env.put("AUDIT_" + role + "_PASSWORD_BCRYPT", bcrypt(credentials.get("AUDIT_" + role + "_PASSWORD")));
                }
            }
            default -> throw new IllegalArgumentException(part + " is not one of our services");
        }
        return env;
    }

    static String bcrypt(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.getBytes(StandardCharsets.UTF_8), salt, BCRYPT_COST);
    }
}

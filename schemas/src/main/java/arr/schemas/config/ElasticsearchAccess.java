package arr.schemas.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the services and the command-line tools reach a production Elasticsearch, which runs with security on: the
 * credentials each request carries, and the CA its HTTPS certificate is checked against. Read from the environment,
 * the same variables for every service and tool:
 * <ul>
 * <li>{@code AUDIT_ES_API_KEY}: an API key as Elasticsearch returns it encoded ({@code encoded}, base64 of id:key), or
 * <li>{@code AUDIT_ES_USERNAME} and {@code AUDIT_ES_PASSWORD}: HTTP Basic;
 * <li>{@code AUDIT_ES_CA_CERT}: a PEM file of the CA(s) that signed Elasticsearch's HTTP certificate, for an
 * {@code https} {@code AUDIT_ES_URL} signed by a private CA (without it, the JDK's trusted CAs).
 * </ul>
 * None set: no credentials, the JDK's trust (the local stack). A half-given setting is an error naming the variable.
 *
 * @param authorization the {@code Authorization} header every request carries, if any
 * @param sslContext    the TLS context trusting the configured CA, if one is configured
 */
public record ElasticsearchAccess(Optional<String> authorization, Optional<SSLContext> sslContext) {

    public static final String API_KEY = "AUDIT_ES_API_KEY";
    public static final String USERNAME = "AUDIT_ES_USERNAME";
    public static final String PASSWORD = "AUDIT_ES_PASSWORD";
    public static final String CA_CERT = "AUDIT_ES_CA_CERT";

    public static ElasticsearchAccess fromEnvironment(Map<String, String> env) {
        String apiKey = value(env, API_KEY);
        String user = value(env, USERNAME);
        String password = value(env, PASSWORD);
        if (apiKey != null && (user != null || password != null)) {
            throw new IllegalArgumentException("set either " + API_KEY + " or " + USERNAME + " and " + PASSWORD + ", not both");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException(user == null ? PASSWORD + " is set without " + USERNAME
                    : USERNAME + " is set without " + PASSWORD);
        }
        Optional<String> authorization = apiKey != null ? Optional.of("ApiKey " + apiKey)
                : user != null ? Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8))) : Optional.empty();
        String ca = value(env, CA_CERT);
        return new ElasticsearchAccess(authorization, ca == null ? Optional.empty() : Optional.of(trusting(Path.of(ca))));
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A TLS context that trusts exactly the certificates of this PEM file. */
    static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(CA_CERT + " (" + pem + ") holds no certificate");
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException(CA_CERT + " (" + pem + ") cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(CA_CERT + " (" + pem + ") is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}

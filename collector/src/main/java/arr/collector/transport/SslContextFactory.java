package arr.collector.transport;

import arr.collector.config.CollectorConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the TLS listener's context, strict by default (RFC 5425 with ATNA node authentication): the
 * configured protocols and suites only, a client certificate required and verified against the
 * configured CAs, no self-signed fallback. A missing or unreadable file stops start-up, naming the setting.
 */
public final class SslContextFactory {

    private SslContextFactory() {
    }

    /** The built context, the trust manager that remembers offered subjects, and the revocation lists it checks. */
    public record ServerTls(SslContext context, CapturingTrustManager trustManager, RevocationLists revocations) {
    }

    public static ServerTls server(CollectorConfig.Tls tls) {
        require(tls.certificate(), "arr.collector.tls.certificate (AUDIT_TLS_CERT)");
        require(tls.key(), "arr.collector.tls.key (AUDIT_TLS_KEY)");
        require(tls.trust(), "arr.collector.tls.trust (AUDIT_TLS_TRUST)");
        // A device may not start a second handshake (TLS 1.2 renegotiation) on a connection: node authentication and the
        // allow-list look at the first one only. The JDK reads this once, at the first server handshake, which is later.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        try {
            X509ExtendedTrustManager pkix = pkix(tls.trust());
            RevocationLists revocations = tls.crlFile() == null ? RevocationLists.none()
                    : RevocationLists.read(tls.crlFile(), pkix.getAcceptedIssuers(), Clock.systemUTC());
            CapturingTrustManager trustManager = new CapturingTrustManager(new RevocationCheckingTrustManager(pkix, revocations));
            SslContext context = SslContextBuilder.forServer(tls.certificate().toFile(), tls.key().toFile())
                    .sslProvider(SslProvider.JDK)
                    .trustManager(new SimpleTrustManagerFactory() {
                        @Override
                        protected void engineInit(KeyStore keyStore) {
                        }

                        @Override
                        protected void engineInit(ManagerFactoryParameters parameters) {
                        }

                        @Override
                        protected TrustManager[] engineGetTrustManagers() {
                            return new TrustManager[] {trustManager};
                        }
                    })
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols(tls.protocols().toArray(String[]::new))
                    .ciphers(tls.ciphers())
                    .build();
            return new ServerTls(context, trustManager, revocations);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS listener from arr.collector.tls.* ("
                    + tls.certificate() + ", " + tls.key() + ", " + tls.trust() + "): " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager pkix(Path trustFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        String name = trustFile.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            // A PKCS#12 trust store; its password, if any, from AUDIT_TLS_TRUST_PASSWORD.
            String password = System.getenv().getOrDefault("AUDIT_TLS_TRUST_PASSWORD", "");
            try (InputStream in = Files.newInputStream(trustFile)) {
                store.load(in, password.toCharArray());
            }
            return trustManager(store);
        }
        store.load(null, null);
        try (InputStream in = Files.newInputStream(trustFile)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in " + trustFile);
            }
        }
        return trustManager(store);
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("the JDK has no PKIX X509ExtendedTrustManager");
    }

    private static void require(Path file, String setting) {
        if (file == null || !Files.isReadable(file)) {
            throw new IllegalStateException(setting + " names " + file + ", which is not a readable file");
        }
    }
}

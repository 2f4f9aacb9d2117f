package arr.collector.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, then the revocation lists: a device's chain is refused with a
 * {@link java.security.cert.CertificateRevokedException} when a CRL of its issuer lists one of its certificates.
 * Checked after PKIX, so only a chain to a trusted CA is looked up, with the issuers that chain proved.
 */
final class RevocationCheckingTrustManager extends ForwardingTrustManager {

    private final RevocationLists revocations;

    RevocationCheckingTrustManager(X509ExtendedTrustManager delegate, RevocationLists revocations) {
        super(delegate);
        this.revocations = revocations;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        super.checkClientTrusted(chain, authType, engine);
        revocations.check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        super.checkClientTrusted(chain, authType, socket);
        revocations.check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        super.checkClientTrusted(chain, authType);
        revocations.check(chain);
    }
}

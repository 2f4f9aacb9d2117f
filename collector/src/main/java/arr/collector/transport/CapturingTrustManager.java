package arr.collector.transport;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, remembering which certificate subject each TLS engine was offered, so a
 * failed handshake can still be reported with the subject the device presented (the JDK's exception
 * does not carry it).
 */
final class CapturingTrustManager extends ForwardingTrustManager {

    private final Map<SSLEngine, String> offered = Collections.synchronizedMap(new WeakHashMap<>());

    CapturingTrustManager(X509ExtendedTrustManager delegate) {
        super(delegate);
    }

    /** The subject of the certificate the peer on this engine offered, or null when it offered none. */
    String offeredSubject(SSLEngine engine) {
        return offered.remove(engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (chain != null && chain.length > 0) {
            offered.put(engine, PeerIdentity.subject(chain[0]));
        }
        delegate.checkClientTrusted(chain, authType, engine);
    }
}

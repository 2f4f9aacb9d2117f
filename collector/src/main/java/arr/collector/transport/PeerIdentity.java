package arr.collector.transport;

import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/** The authenticated identity of a TLS peer: its certificate subject (RFC 2253) and subject alternative names. */
public final class PeerIdentity {

    /** The verified client certificate's subject, set on the channel once the handshake succeeded. */
    public static final AttributeKey<String> SUBJECT = AttributeKey.valueOf("arr.peer.subject");

    private PeerIdentity() {
    }

    public static X509Certificate certificate(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] chain = session.getPeerCertificates();
        return (X509Certificate) chain[0];
    }

    /** The peer's certificate chain as it sent it, its own certificate first. */
    public static X509Certificate[] chain(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] chain = session.getPeerCertificates();
        return java.util.Arrays.copyOf(chain, chain.length, X509Certificate[].class);
    }

    public static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    public static List<String> subjectAlternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                sans.forEach(san -> names.add(String.valueOf(san.get(1))));
            }
        } catch (CertificateParsingException e) {
            return names;
        }
        return names;
    }
}

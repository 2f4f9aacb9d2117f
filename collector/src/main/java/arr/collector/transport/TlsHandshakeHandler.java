package arr.collector.transport;

import arr.collector.audit.SelfAuditMessages;
import arr.collector.pipeline.CollectorPipeline;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Completes ATNA node authentication after the TLS handshake: records the verified device subject on the
 * channel, enforces the optional allow-list and the revocation lists, and for every failed handshake logs the peer,
 * the subject offered and the failure category, counts it, and records a DICOM Security Alert (110113, Node
 * Authentication 110126) in the repository.
 */
public final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {

    private final CapturingTrustManager trustManager;
    private final RevocationLists revocations;
    private final List<String> allowedPeers;
    private final CollectorPipeline pipeline;
    private final NodeAuthenticationFailures failures;
    private final Consumer<Channel> authenticated;

    /** @param authenticated told of each connection whose device passed, before anything it sent is read on */
    public TlsHandshakeHandler(SslContextFactory.ServerTls tls, List<String> allowedPeers, CollectorPipeline pipeline,
                               SelfAuditMessages selfAudit, Consumer<Channel> authenticated) {
        this.trustManager = tls.trustManager();
        this.revocations = tls.revocations();
        this.allowedPeers = List.copyOf(allowedPeers);
        this.pipeline = pipeline;
        this.failures = new NodeAuthenticationFailures(pipeline, selfAudit);
        this.authenticated = authenticated;
    }

    /**
     * Nothing passes before the device is authenticated. Netty tells of a finished handshake and then passes on the
     * records decrypted with it, in the same read: a device refused after its handshake (not on the allow-list) had
     * its first messages, sent together with its last handshake message as TLS 1.3 clients do, read on all the same.
     * Once the device passed, this handler is gone from the pipeline; so anything reaching it is from a device that
     * has not passed, and is dropped.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ReferenceCountUtil.release(message);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof SslHandshakeCompletionEvent completion)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        String offered = trustManager.offeredSubject(ssl.engine());
        if (!completion.isSuccess()) {
            refuse(ctx, category(completion.cause()), offered, completion.cause().getMessage());
            return;
        }
        try {
            X509Certificate certificate = PeerIdentity.certificate(ssl.engine().getSession());
            String subject = PeerIdentity.subject(certificate);
            if (!allowedPeers.isEmpty() && !allowedPeers.contains(subject)
                    && PeerIdentity.subjectAlternativeNames(certificate).stream().noneMatch(allowedPeers::contains)) {
                refuse(ctx, "not-allowed", subject, "the certificate is valid but neither its subject nor a SAN is in "
                        + "arr.collector.tls.allowed-peers");
                return;
            }
            ctx.channel().attr(PeerIdentity.SUBJECT).set(subject);
            // Revocation lists read again during the handshake: the trust manager had the old ones, and the sweep of open
            // connections that the new ones started may have passed this one before its subject was set just now.
            try {
                revocations.check(PeerIdentity.chain(ssl.engine().getSession()));
            } catch (CertificateRevokedException e) {
                refuse(ctx, "certificate-revoked", subject, e.getMessage());
                return;
            }
            ctx.pipeline().remove(this);
            authenticated.accept(ctx.channel());
        } catch (SSLPeerUnverifiedException e) {
            refuse(ctx, "no-certificate", null, e.getMessage());
        }
    }

    private void refuse(ChannelHandlerContext ctx, String category, String subject, String detail) {
        pipeline.metrics().tlsHandshakeFailure(category);
        failures.refuse(ctx.channel(), category, subject, detail);
    }

    /**
     * The failure category, from exception types where the JDK gives them. A missing client certificate
     * and a protocol or cipher mismatch carry no type of their own: the missing certificate is recognised
     * by the absence of any offered subject together with the JDK's wording.
     */
    static String category(Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            return "timeout";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException
                    || t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "certificate-expired";
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateRevokedException
                    || t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return "certificate-revoked";
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "certificate-untrusted";
            }
        }
        String message = String.valueOf(cause.getMessage());
        if (message.contains("certificate chain") || message.contains("certificate required")) {
            return "no-certificate";
        }
        return "protocol-or-cipher";
    }
}

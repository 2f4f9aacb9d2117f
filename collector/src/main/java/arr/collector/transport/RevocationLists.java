package arr.collector.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CRL;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate revocation lists (CRLs) device certificates are checked against ({@code AUDIT_TLS_CRL}): one file of
 * one or more CRLs, PEM or DER, read again by {@link #refresh()} when its bytes change. A certificate of a device's
 * chain that a CRL of its issuer lists is refused, whatever the CRL's age.
 *
 * <p>Why not the JDK's own PKIX revocation checking: it ignores a CRL past its next update and, to keep working
 * without one, must then soft-fail, admitting again every device that CRL revoked; a hospital's PKI that publishes
 * late would re-admit a stolen device. Here a late CRL still refuses what it lists, and is reported as stale. The JDK
 * also fixes its CRLs when the SSL context is built, so each new list would need a new context.
 *
 * <p>Only CRLs that verify count: one whose issuer is a trusted CA must be signed by it when the file is read (else
 * the whole file is refused and the lists in force stay); one of an intermediate CA is verified, when used, with the
 * key of the issuer in the chain the JDK has just validated, and ignored if no certificate of that name verifies it. A new file that cannot be read
 * or does not verify never lifts a revocation: the lists in force stay until a good file replaces them.
 */
public final class RevocationLists {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationLists.class);
    private static final String SETTING = "arr.collector.tls.crl (AUDIT_TLS_CRL)";

    /** The lists in force, with the digest of the file they came from. */
    private record Loaded(List<X509CRL> crls, byte[] digest, int revokedCount) {
    }

    private final Path file;
    private final List<X509Certificate> trustAnchors;
    private final Clock clock;
    private volatile Loaded loaded;
    /** The digest of the last file refused (or null), so one bad file is reported once, not at every refresh. */
    private volatile byte[] refusedDigest;

    private RevocationLists(Path file, List<X509Certificate> trustAnchors, Clock clock, Loaded loaded) {
        this.file = file;
        this.trustAnchors = trustAnchors;
        this.clock = clock;
        this.loaded = loaded;
    }

    /** No revocation lists: nothing is refused for revocation. */
    public static RevocationLists none() {
        return new RevocationLists(null, List.of(), Clock.systemUTC(), new Loaded(List.of(), new byte[0], 0));
    }

    /**
     * Reads the file at start-up; one that cannot be read, holds no CRL, or holds one a trusted CA did not sign stops
     * start-up, naming the setting.
     */
    public static RevocationLists read(Path file, X509Certificate[] trustAnchors, Clock clock) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            RevocationLists lists = new RevocationLists(file, List.of(trustAnchors), clock, null);
            lists.loaded = lists.parse(bytes);
            lists.reportStale();
            return lists;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(SETTING + " names " + file + ", which is no readable file of valid CRLs: "
                    + e.getMessage(), e);
        }
    }

    /** Whether a file is configured at all. */
    public boolean configured() {
        return file != null;
    }

    /**
     * Reads the file again; when its bytes changed and it is good, its lists take effect. Returns whether they did.
     * A file that cannot be read or is refused leaves the lists in force, and is logged once.
     */
    public boolean refresh() {
        if (file == null) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            refused(new byte[] {0}, "cannot be read (" + e + ")");
            return false;
        }
        byte[] digest = sha256(bytes);
        if (Arrays.equals(digest, loaded.digest())) {
            refusedDigest = null;
            return false;
        }
        if (Arrays.equals(digest, refusedDigest)) {
            return false;
        }
        try {
            loaded = parse(bytes);
        } catch (GeneralSecurityException e) {
            refused(digest, "was refused: " + e.getMessage());
            return false;
        }
        refusedDigest = null;
        LOG.info("read {} revocation lists ({} revoked certificates) from {}", loaded.crls().size(), revokedCount(), file);
        reportStale();
        return true;
    }

    /**
     * Refuses the chain if a CRL of an issuer lists one of its certificates. {@code chain[0]} is the device's, each
     * next one (if sent) its issuer's; the JDK has validated it against the trusted CAs before this is asked.
     */
    public void check(X509Certificate[] chain) throws CertificateRevokedException {
        List<X509CRL> crls = loaded.crls();
        if (crls.isEmpty()) {
            return;
        }
        for (int i = 0; i < chain.length; i++) {
            X509Certificate certificate = chain[i];
            X500Principal issuer = certificate.getIssuerX500Principal();
            for (X509CRL crl : crls) {
                X509CRLEntry entry = crl.getIssuerX500Principal().equals(issuer) ? crl.getRevokedCertificate(certificate) : null;
                if (entry != null && signedByIssuer(crl, chain, i)) {
                    CRLReason reason = entry.getRevocationReason();
                    throw new CertificateRevokedException(entry.getRevocationDate(), reason == null ? CRLReason.UNSPECIFIED : reason,
                            issuer, Map.of());
                }
            }
        }
    }

    /** Whether the file on disk is refused at the moment: the lists read before it are in force. */
    public boolean fileRefused() {
        return refusedDigest != null;
    }

    /** The number of CRLs in force past their next update: their issuer has not published a newer one in time. */
    public int stale() {
        return (int) loaded.crls().stream().filter(this::isStale).count();
    }

    /** The number of revoked certificates the lists in force name. */
    public int revokedCount() {
        return loaded.revokedCount();
    }

    private boolean isStale(X509CRL crl) {
        return crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(clock.instant());
    }

    private void reportStale() {
        for (X509CRL crl : loaded.crls()) {
            if (isStale(crl)) {
                LOG.warn("the revocation list of {} in {} is past its next update ({}); what it lists is still refused, but "
                        + "certificates revoked since are not known", crl.getIssuerX500Principal().getName(), file,
                        crl.getNextUpdate().toInstant());
            }
        }
    }

    private void refused(byte[] digest, String reason) {
        if (!Arrays.equals(digest, refusedDigest)) {
            refusedDigest = digest;
            LOG.error("{}: {} {}; the {} revocation lists read before stay in force", SETTING, file, reason,
                    loaded.crls().size());
        }
    }

    private Loaded parse(byte[] bytes) throws GeneralSecurityException {
        List<X509CRL> crls = new ArrayList<>();
        for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes))) {
            crls.add((X509CRL) crl);
        }
        if (crls.isEmpty()) {
            throw new GeneralSecurityException("the file holds no CRL");
        }
        for (X509CRL crl : crls) {
            List<X509Certificate> anchors = trustAnchors.stream()
                    .filter(a -> a.getSubjectX500Principal().equals(crl.getIssuerX500Principal())).toList();
            if (!anchors.isEmpty() && anchors.stream().noneMatch(a -> verifies(crl, a))) {
                throw new GeneralSecurityException("the CRL of " + crl.getIssuerX500Principal().getName()
                        + " is not signed by the trusted CA of that name");
            }
        }
        int revoked = crls.stream().mapToInt(crl -> crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size()).sum();
        return new Loaded(List.copyOf(crls), sha256(bytes), revoked);
    }

    /**
     * Whether the CRL is signed by the issuer of {@code chain[index]}: a trusted CA, or a certificate of the chain with
     * the issuer's name. Every such certificate is tried, in whatever order the device sent them: the JDK builds its
     * path from them in any order, so a device adding a look-alike certificate before its real issuer must not make the
     * issuer's CRL be ignored.
     */
    private boolean signedByIssuer(X509CRL crl, X509Certificate[] chain, int index) {
        X500Principal issuer = chain[index].getIssuerX500Principal();
        return Stream.concat(Arrays.stream(chain), trustAnchors.stream())
                .anyMatch(c -> c.getSubjectX500Principal().equals(issuer) && verifies(crl, c));
    }

    private static boolean verifies(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package arr.collector.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate revocation lists (CRLs) device certificates are checked against ({@code AUDIT_TLS_CRL}): one file of
 * one or more CRLs, PEM or DER, read again by {@link #refresh()} when its bytes change. A certificate of a device's
 * chain (or a trusted CA above it) that the CRL of its issuer lists is refused, whatever the CRL's age.
 *
 * <p>Why not the JDK's own PKIX revocation checking: it ignores a CRL past its next update and, to keep working
 * without one, must then soft-fail, admitting again every device that CRL revoked; a hospital's PKI that publishes
 * late would re-admit a stolen device. Here a late CRL still refuses what it lists, and is reported as stale. The JDK
 * also fixes its CRLs when the SSL context is built, so each new list would need a new context.
 *
 * <p>Only CRLs that verify count: one whose issuer is a trusted CA must be signed by it when the file is read (else
 * the whole file is refused and the lists in force stay); one of an intermediate CA is verified, when used, with the
 * key of the issuer in the chain the JDK has just validated, and ignored if no certificate of that name verifies it.
 * Of several CRLs of one issuer the newest counts (highest CRL number, else latest this-update). A new file that
 * cannot be read, does not verify, is older for an issuer than the list in force, or drops an issuer never lifts a
 * revocation: the lists in force stay until a good, newer file replaces them.
 */
public final class RevocationLists {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationLists.class);
    private static final String SETTING = "arr.collector.tls.crl (AUDIT_TLS_CRL)";
    private static final String CRL_NUMBER = "2.5.29.20";
    private static final String DELTA_CRL_INDICATOR = "2.5.29.27";
    /** Newer after: a higher CRL number when both have one, else a later this-update. */
    private static final Comparator<X509CRL> AGE = (a, b) -> {
        BigInteger na = crlNumber(a);
        BigInteger nb = crlNumber(b);
        return na != null && nb != null ? na.compareTo(nb) : a.getThisUpdate().compareTo(b.getThisUpdate());
    };

    /** The lists in force, the newest per issuer, with the digest of the file they came from. */
    private record Loaded(Map<X500Principal, X509CRL> byIssuer, byte[] digest, int revokedCount) {
    }

    private final Path file;
    private final List<X509Certificate> trustAnchors;
    private final Clock clock;
    private volatile Loaded loaded;
    /** The digest of the last file refused (or null), so one bad file is reported once, not at every refresh. */
    private volatile byte[] refusedDigest;
    /** Lists past their next update when last reported, so a list going stale between files is logged once. */
    private int staleReported;

    private RevocationLists(Path file, List<X509Certificate> trustAnchors, Clock clock, Loaded loaded) {
        this.file = file;
        this.trustAnchors = trustAnchors;
        this.clock = clock;
        this.loaded = loaded;
    }

    /** No revocation lists: nothing is refused for revocation. */
    public static RevocationLists none() {
        return new RevocationLists(null, List.of(), Clock.systemUTC(), new Loaded(Map.of(), new byte[0], 0));
    }

    /**
     * Reads the file at start-up; one that cannot be read, holds no CRL, or holds one a trusted CA did not sign stops
     * start-up, naming the setting.
     */
    public static RevocationLists read(Path file, X509Certificate[] trustAnchors, Clock clock) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            RevocationLists lists = new RevocationLists(file, List.of(trustAnchors), clock, null);
            lists.loaded = lists.parse(bytes, null);
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
     * A file that cannot be read or is refused leaves the lists in force, and is logged once. Called from one thread.
     */
    public boolean refresh() {
        if (file == null) {
            return false;
        }
        boolean applied = readAgain();
        if (stale() > staleReported) {
            reportStale();
        }
        return applied;
    }

    private boolean readAgain() {
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
            loaded = parse(bytes, loaded);
        } catch (GeneralSecurityException e) {
            refused(digest, "was refused: " + e.getMessage());
            return false;
        }
        refusedDigest = null;
        LOG.info("read {} revocation lists ({} revoked certificates) from {}", loaded.byIssuer().size(), revokedCount(), file);
        return true;
    }

    /**
     * Refuses the chain if the CRL of an issuer lists one of its certificates, or one of the trusted CAs above its last
     * certificate (an intermediate CA kept among the trusted ones need not be sent, yet its own CA may revoke it).
     * {@code chain[0]} is the device's; the JDK has validated the chain against the trusted CAs before this is asked.
     */
    public void check(X509Certificate[] chain) throws CertificateRevokedException {
        Map<X500Principal, X509CRL> crls = loaded.byIssuer();
        if (crls.isEmpty()) {
            return;
        }
        List<X509Certificate> path = withTrustedIssuers(chain);
        for (int i = 0; i < path.size(); i++) {
            X509Certificate certificate = path.get(i);
            X500Principal issuer = certificate.getIssuerX500Principal();
            X509CRL crl = crls.get(issuer);
            X509CRLEntry entry = crl == null ? null : crl.getRevokedCertificate(certificate);
            if (entry != null && signedByIssuer(crl, path, issuer)) {
                CRLReason reason = entry.getRevocationReason();
                throw new CertificateRevokedException(entry.getRevocationDate(), reason == null ? CRLReason.UNSPECIFIED : reason,
                        issuer, Map.of());
            }
        }
    }

    /** The chain followed up through the trusted CAs that issued its last certificate, to a self-issued one. */
    private List<X509Certificate> withTrustedIssuers(X509Certificate[] chain) {
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
        X509Certificate last = chain[chain.length - 1];
        while (!last.getIssuerX500Principal().equals(last.getSubjectX500Principal()) && path.size() <= chain.length + trustAnchors.size()) {
            X509Certificate current = last;
            X509Certificate issuer = trustAnchors.stream()
                    .filter(a -> a.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && signs(a, current))
                    .findFirst().orElse(null);
            if (issuer == null || path.contains(issuer)) {
                break;
            }
            path.add(issuer);
            last = issuer;
        }
        return path;
    }

    /** Whether the file on disk is refused at the moment: the lists read before it are in force. */
    public boolean fileRefused() {
        return refusedDigest != null;
    }

    /** The number of CRLs in force past their next update: their issuer has not published a newer one in time. */
    public int stale() {
        return (int) loaded.byIssuer().values().stream().filter(this::isStale).count();
    }

    /** The number of revoked certificates the lists in force name. */
    public int revokedCount() {
        return loaded.revokedCount();
    }

    private boolean isStale(X509CRL crl) {
        return crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(clock.instant());
    }

    private void reportStale() {
        for (X509CRL crl : loaded.byIssuer().values()) {
            if (isStale(crl)) {
                LOG.warn("the revocation list of {} in {} is past its next update ({}); what it lists is still refused, but "
                        + "certificates revoked since are not known", crl.getIssuerX500Principal().getName(), file,
                        crl.getNextUpdate().toInstant());
            }
        }
        staleReported = stale();
    }

    private void refused(byte[] digest, String reason) {
        if (!Arrays.equals(digest, refusedDigest)) {
            refusedDigest = digest;
            LOG.error("{}: {} {}; the {} revocation lists read before stay in force", SETTING, file, reason,
                    loaded.byIssuer().size());
        }
    }

    /** The newest CRL of each issuer in the file, refused as a whole when one fails; {@code previous} the lists in force. */
    private Loaded parse(byte[] bytes, Loaded previous) throws GeneralSecurityException {
        Map<X500Principal, X509CRL> newest = new LinkedHashMap<>();
        for (CRL read : CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes))) {
            X509CRL crl = (X509CRL) read;
            refuseUnsupported(crl);
            newest.merge(crl.getIssuerX500Principal(), crl, (a, b) -> AGE.compare(b, a) > 0 ? b : a);
        }
        if (newest.isEmpty()) {
            throw new GeneralSecurityException("the file holds no CRL");
        }
        for (X509CRL crl : newest.values()) {
            List<X509Certificate> anchors = trustAnchors.stream()
                    .filter(a -> a.getSubjectX500Principal().equals(crl.getIssuerX500Principal())).toList();
            if (!anchors.isEmpty() && anchors.stream().noneMatch(a -> verifies(crl, a))) {
                throw new GeneralSecurityException("the CRL of " + crl.getIssuerX500Principal().getName()
                        + " is not signed by the trusted CA of that name");
            }
        }
        if (previous != null) {
            refuseOlder(newest, previous.byIssuer());
        }
        int revoked = newest.values().stream()
                .mapToInt(crl -> crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size()).sum();
        return new Loaded(Map.copyOf(newest), sha256(bytes), revoked);
    }

    /**
     * Delta CRLs (only what changed since a base list) and indirect CRLs (entries of other CAs) would be read wrongly
     * here: the first taken as the whole list, the second's entries never found under their CA.
     */
    private static void refuseUnsupported(X509CRL crl) throws GeneralSecurityException {
        String issuer = crl.getIssuerX500Principal().getName();
        if (crl.getExtensionValue(DELTA_CRL_INDICATOR) != null) {
            throw new GeneralSecurityException("the CRL of " + issuer + " is a delta CRL; give the full (base) CRL");
        }
        if (crl.getRevokedCertificates() != null
                && crl.getRevokedCertificates().stream().anyMatch(e -> e.getCertificateIssuer() != null)) {
            throw new GeneralSecurityException("the CRL of " + issuer + " is an indirect CRL (entries of other CAs), which is "
                    + "not supported; give each CA's own CRL");
        }
    }

    /**
     * A stale copy, a file cut short or the wrong file must not lift revocations: every issuer in force must still be
     * there, with a list no older. Dropping a CA's list takes a restart of the collector.
     */
    private static void refuseOlder(Map<X500Principal, X509CRL> next, Map<X500Principal, X509CRL> inForce)
            throws GeneralSecurityException {
        for (Map.Entry<X500Principal, X509CRL> current : inForce.entrySet()) {
            X509CRL replacement = next.get(current.getKey());
            if (replacement == null) {
                throw new GeneralSecurityException("it has no CRL of " + current.getKey().getName() + " any more (to drop a "
                        + "CA's list, restart the collector with the new file)");
            }
            if (AGE.compare(replacement, current.getValue()) < 0) {
                throw new GeneralSecurityException("its CRL of " + current.getKey().getName() + " is older than the one in "
                        + "force (CRL number " + crlNumber(replacement) + " issued " + replacement.getThisUpdate().toInstant()
                        + ", against " + crlNumber(current.getValue()) + " issued "
                        + current.getValue().getThisUpdate().toInstant() + ")");
            }
        }
    }

    /**
     * Whether the CRL is signed by {@code issuer}: a trusted CA, or a certificate of the path with that name. Every such
     * certificate is tried, in whatever order the device sent them: the JDK builds its path from them in any order, so a
     * device adding a look-alike certificate before its real issuer must not make the issuer's CRL be ignored.
     */
    private boolean signedByIssuer(X509CRL crl, List<X509Certificate> path, X500Principal issuer) {
        return Stream.concat(path.stream(), trustAnchors.stream())
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

    private static boolean signs(X509Certificate issuer, X509Certificate certificate) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The CRL number extension (RFC 5280 5.2.3: an OCTET STRING holding an INTEGER), or null when absent or unreadable. */
    static BigInteger crlNumber(X509CRL crl) {
        byte[] value = crl.getExtensionValue(CRL_NUMBER);
        if (value == null || value.length < 4 || value[0] != 0x04 || (value[1] & 0x80) != 0 || value[2] != 0x02
                || (value[3] & 0x80) != 0 || value.length < 4 + value[3] || value[3] == 0) {
            return null;
        }
        return new BigInteger(Arrays.copyOfRange(value, 4, 4 + value[3]));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

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
import java.util.Set;
import java.util.stream.Collectors;
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
 * Of several CRLs of one issuer the newest that verifies counts (the latest this-update, then the highest CRL number).
 * A new file that cannot be read, does not verify, is older for a trusted CA than the list in force, or drops an issuer
 * never lifts a revocation: the lists in force stay until a good, newer file replaces them.
 */
public final class RevocationLists {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationLists.class);
    private static final String SETTING = "arr.collector.tls.crl (AUDIT_TLS_CRL)";
    private static final String CRL_NUMBER = "2.5.29.20";
    private static final String DELTA_CRL_INDICATOR = "2.5.29.27";
    /**
     * Newer after: a later this-update, then a higher CRL number (none lowest). The issue time first, so that a CA
     * rebuilt with its numbering started again is not taken for older.
     */
    private static final Comparator<X509CRL> AGE = Comparator.comparing(X509CRL::getThisUpdate)
            .thenComparing(RevocationLists::crlNumber, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** The lists in force, per issuer newest first, with the digest of the file they came from. */
    private record Loaded(Map<X500Principal, List<X509CRL>> byIssuer, byte[] digest, int revokedCount) {

        Stream<X509CRL> newest() {
            return byIssuer.values().stream().map(lists -> lists.get(0));
        }
    }

    private final Path file;
    private final List<X509Certificate> trustAnchors;
    private final Clock clock;
    private volatile Loaded loaded;
    /** The digest of the last file refused (or null), so one bad file is reported once, not at every refresh. */
    private volatile byte[] refusedDigest;
    /** The lists past their next update when last looked at (timer thread only), so each one going late is logged once. */
    private volatile Set<X509CRL> staleReported = Set.of();

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
        reportStale();
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
        } catch (GeneralSecurityException | RuntimeException e) {
            refused(digest, "was refused: " + e.getMessage());
            return false;
        }
        refusedDigest = null;
        LOG.info("read the revocation lists of {} CAs ({} revoked certificates) from {}", loaded.byIssuer().size(),
                revokedCount(), file);
        return true;
    }

    /**
     * Refuses the chain if the CRL of an issuer lists one of its certificates, or one of the trusted CAs above its last
     * certificate (an intermediate CA kept among the trusted ones need not be sent, yet its own CA may revoke it).
     * {@code chain[0]} is the device's; the JDK has validated the chain against the trusted CAs before this is asked.
     */
    public void check(X509Certificate[] chain) throws CertificateRevokedException {
        Map<X500Principal, List<X509CRL>> crls = loaded.byIssuer();
        if (crls.isEmpty()) {
            return;
        }
        for (X509Certificate certificate : withIssuers(chain)) {
            X500Principal issuer = certificate.getIssuerX500Principal();
            X509CRL crl = newestVerified(crls.getOrDefault(issuer, List.of()), chain, issuer);
            X509CRLEntry entry = crl == null ? null : crl.getRevokedCertificate(certificate);
            if (entry != null) {
                CRLReason reason = entry.getRevocationReason();
                throw new CertificateRevokedException(entry.getRevocationDate(), reason == null ? CRLReason.UNSPECIFIED : reason,
                        issuer, Map.of());
            }
        }
    }

    /**
     * Every certificate the device sent, and the issuers above its own certificate, followed from it through the
     * certificates sent and the trusted CAs, by name and signature, to a self-issued one. Followed from the device's own
     * certificate, not from the last one sent: a device adding an unrelated certificate at the end must not stop the
     * walk before a trusted intermediate CA its root revoked (an intermediate kept among the trusted CAs need not be sent).
     */
    private List<X509Certificate> withIssuers(X509Certificate[] chain) {
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
        List<X509Certificate> candidates = Stream.concat(Arrays.stream(chain), trustAnchors.stream()).toList();
        X509Certificate current = chain[0];
        for (int step = 0; step < candidates.size() && !current.getIssuerX500Principal().equals(current.getSubjectX500Principal()); step++) {
            X509Certificate child = current;
            X509Certificate issuer = candidates.stream()
                    .filter(c -> c != child && c.getSubjectX500Principal().equals(child.getIssuerX500Principal()) && signs(c, child))
                    .findFirst().orElse(null);
            if (issuer == null) {
                break;
            }
            if (!path.contains(issuer)) {
                path.add(issuer);
            }
            current = issuer;
        }
        return path;
    }

    /** The newest of an issuer's lists that its issuer signed; older ones of it do not count (a newer list may lift a hold). */
    private X509CRL newestVerified(List<X509CRL> lists, X509Certificate[] chain, X500Principal issuer) {
        for (X509CRL crl : lists) {
            if (signedByIssuer(crl, chain, issuer)) {
                return crl;
            }
        }
        return null;
    }

    /** Whether the file on disk is refused at the moment: the lists read before it are in force. */
    public boolean fileRefused() {
        return refusedDigest != null;
    }

    /** The number of CRLs in force past their next update: their issuer has not published a newer one in time. */
    public int stale() {
        return (int) loaded.newest().filter(this::isStale).count();
    }

    /** The number of revoked certificates the lists in force name. */
    public int revokedCount() {
        return loaded.revokedCount();
    }

    private boolean isStale(X509CRL crl) {
        return crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(clock.instant());
    }

    /** Logs each list in force that has gone past its next update since last looked at. */
    private void reportStale() {
        Set<X509CRL> late = loaded.newest().filter(this::isStale).collect(Collectors.toSet());
        for (X509CRL crl : late) {
            if (!staleReported.contains(crl)) {
                LOG.warn("the revocation list of {} in {} is past its next update ({}); what it lists is still refused, but "
                        + "certificates revoked since are not known", crl.getIssuerX500Principal().getName(), file,
                        crl.getNextUpdate().toInstant());
            }
        }
        staleReported = late;
    }

    private void refused(byte[] digest, String reason) {
        if (!Arrays.equals(digest, refusedDigest)) {
            refusedDigest = digest;
            LOG.error("{}: {} {}; the {} revocation lists read before stay in force", SETTING, file, reason,
                    loaded.byIssuer().size());
        }
    }

    /**
     * The CRLs of the file per issuer, newest first; refused as a whole when one fails. {@code previous}: the lists in
     * force, which a refresh must not replace with older ones.
     */
    private Loaded parse(byte[] bytes, Loaded previous) throws GeneralSecurityException {
        Map<X500Principal, List<X509CRL>> byIssuer = new LinkedHashMap<>();
        for (CRL read : CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes))) {
            X509CRL crl = (X509CRL) read;
            refuseUnsupported(crl);
            List<X509Certificate> anchors = anchorsNamed(crl.getIssuerX500Principal());
            if (!anchors.isEmpty() && anchors.stream().noneMatch(a -> verifies(crl, a))) {
                throw new GeneralSecurityException("the CRL of " + crl.getIssuerX500Principal().getName()
                        + " is not signed by the trusted CA of that name");
            }
            byIssuer.computeIfAbsent(crl.getIssuerX500Principal(), i -> new ArrayList<>()).add(crl);
        }
        if (byIssuer.isEmpty()) {
            throw new GeneralSecurityException("the file holds no CRL");
        }
        byIssuer.replaceAll((issuer, lists) -> lists.stream().sorted(AGE.reversed()).toList());
        if (previous != null) {
            refuseOlder(byIssuer, previous.byIssuer());
        }
        int revoked = byIssuer.values().stream().map(lists -> lists.get(0))
                .mapToInt(crl -> crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size()).sum();
        return new Loaded(Map.copyOf(byIssuer), sha256(bytes), revoked);
    }

    private List<X509Certificate> anchorsNamed(X500Principal name) {
        return trustAnchors.stream().filter(a -> a.getSubjectX500Principal().equals(name)).toList();
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
     * there, and a trusted CA's newest list must be no older (a list of another CA is only verified when used, so its
     * age proves nothing here). Dropping a CA's list takes a restart of the collector.
     */
    private void refuseOlder(Map<X500Principal, List<X509CRL>> next, Map<X500Principal, List<X509CRL>> inForce)
            throws GeneralSecurityException {
        for (Map.Entry<X500Principal, List<X509CRL>> current : inForce.entrySet()) {
            List<X509CRL> replacement = next.get(current.getKey());
            if (replacement == null) {
                throw new GeneralSecurityException("it has no CRL of " + current.getKey().getName() + " any more (to drop a "
                        + "CA's list, restart the collector with the new file)");
            }
            X509CRL newer = replacement.get(0);
            X509CRL before = current.getValue().get(0);
            if (!anchorsNamed(current.getKey()).isEmpty() && AGE.compare(newer, before) < 0) {
                throw new GeneralSecurityException("its CRL of " + current.getKey().getName() + " is older than the one in "
                        + "force (issued " + newer.getThisUpdate().toInstant() + ", CRL number " + crlNumber(newer)
                        + ", against " + before.getThisUpdate().toInstant() + ", " + crlNumber(before) + ")");
            }
        }
    }

    /**
     * Whether the CRL is signed by {@code issuer}: a trusted CA, or a certificate the device sent with that name. Every
     * such certificate is tried, in whatever order the device sent them: the JDK builds its path from them in any order,
     * so a device adding a look-alike certificate before its real issuer must not make the issuer's CRL be ignored.
     */
    private boolean signedByIssuer(X509CRL crl, X509Certificate[] chain, X500Principal issuer) {
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

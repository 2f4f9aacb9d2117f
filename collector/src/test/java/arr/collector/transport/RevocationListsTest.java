package arr.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.deploy.local.DevCertificates;
import arr.deploy.testing.MovableClock;
import arr.deploy.local.PemFiles;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationListsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final DevCertificates.Issued ca = DevCertificates.certificateAuthority("Hospital CA", NOW.minusSeconds(3600),
            NOW.plus(Duration.ofDays(365)));
    private final DevCertificates.Issued modality = device(ca, "CN=modality-1");
    private final DevCertificates.Issued stolen = device(ca, "CN=stolen-laptop");

    @Test
    void aCertificateItsCaRevokedIsRefusedWithTheReasonAndAnotherPasses() {
        RevocationLists lists = read(crl(ca, stolen.certificate()));

        assertThatThrownBy(() -> lists.check(chain(stolen)))
                .isInstanceOfSatisfying(CertificateRevokedException.class, e -> {
                    assertThat(e.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
                    assertThat(e.getAuthorityName()).isEqualTo(ca.certificate().getSubjectX500Principal());
                });
        assertThatCode(() -> lists.check(chain(modality))).doesNotThrowAnyException();
        assertThat(lists.revokedCount()).isEqualTo(1);
    }

    /** A CA that publishes late must not re-admit what it revoked: the JDK's own checking would, soft-failing. */
    @Test
    void aListPastItsNextUpdateStillRefusesWhatItListsAndIsCountedStale() {
        X509CRL late = DevCertificates.revocationList(ca, List.of(stolen.certificate()), NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofDays(3)));
        RevocationLists lists = read(late);

        assertThat(lists.stale()).isEqualTo(1);
        assertThatThrownBy(() -> lists.check(chain(stolen))).isInstanceOf(CertificateRevokedException.class);
    }

    @Test
    void aListNotSignedByTheTrustedCaOfItsNameStopsStartUpNamingTheSetting() {
        DevCertificates.Issued impostor = DevCertificates.certificateAuthority("Hospital CA", NOW.minusSeconds(3600),
                NOW.plus(Duration.ofDays(365)));
        Path file = write("forged.crl", crl(impostor, modality.certificate()));

        assertThatThrownBy(() -> RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, CLOCK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AUDIT_TLS_CRL").hasMessageContaining("not signed by the trusted CA");
    }

    @Test
    void aFileWithoutAnyListStopsStartUp() throws Exception {
        Path file = dir.resolve("empty.crl");
        Files.writeString(file, "");

        assertThatThrownBy(() -> RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, CLOCK))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AUDIT_TLS_CRL");
    }

    @Test
    void aChangedFileTakesEffectAndABadOneNeverLiftsARevocation() throws Exception {
        Path file = write("ca.crl", crl(ca, NOW.minusSeconds(600)));
        RevocationLists lists = RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, CLOCK);
        assertThatCode(() -> lists.check(chain(stolen))).doesNotThrowAnyException();
        assertThat(lists.refresh()).as("unchanged").isFalse();

        X509CRL revoking = crl(ca, NOW.minusSeconds(300), stolen.certificate());
        write("ca.crl", revoking);
        assertThat(lists.refresh()).isTrue();
        assertThatThrownBy(() -> lists.check(chain(stolen))).isInstanceOf(CertificateRevokedException.class);

        Files.writeString(file, "-----BEGIN X509 CRL-----\nnot a list\n-----END X509 CRL-----\n");
        assertThat(lists.refresh()).isFalse();
        assertThat(lists.fileRefused()).isTrue();
        assertThatThrownBy(() -> lists.check(chain(stolen))).as("still revoked").isInstanceOf(CertificateRevokedException.class);

        Files.delete(file);
        assertThat(lists.refresh()).isFalse();
        assertThatThrownBy(() -> lists.check(chain(stolen))).as("still revoked").isInstanceOf(CertificateRevokedException.class);

        write("ca.crl", revoking);
        assertThat(lists.refresh()).as("the very lists in force again: nothing new").isFalse();
        assertThat(lists.fileRefused()).isFalse();

        write("ca.crl", crl(ca, NOW.minusSeconds(60)));
        assertThat(lists.refresh()).isTrue();
        assertThatCode(() -> lists.check(chain(stolen))).as("lifted by a good, newer list").doesNotThrowAnyException();
    }

    /** A stale mirror, or a job copying the wrong file, must not re-admit a device revoked since. */
    @Test
    void anOlderListOfTheSameCaIsRefusedAndTheNewerOneStaysInForce() {
        X509CRL older = crl(ca, NOW.minusSeconds(600));
        Path file = write("ca.crl", crl(ca, NOW.minusSeconds(60), stolen.certificate()));
        RevocationLists lists = RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, CLOCK);

        write("ca.crl", older);
        assertThat(lists.refresh()).isFalse();
        assertThat(lists.fileRefused()).isTrue();
        assertThatThrownBy(() -> lists.check(chain(stolen))).isInstanceOf(CertificateRevokedException.class);
    }

    @Test
    void aFileThatDropsTheListOfACaInForceIsRefused() {
        DevCertificates.Issued other = DevCertificates.certificateAuthority("Other CA", NOW.minusSeconds(3600),
                NOW.plus(Duration.ofDays(365)));
        Path file = write("ca.crl", crl(ca, NOW.minusSeconds(600), stolen.certificate()));
        RevocationLists lists = RevocationLists.read(file, new X509Certificate[] {ca.certificate(), other.certificate()}, CLOCK);

        write("ca.crl", crl(other, NOW.minusSeconds(60)));
        assertThat(lists.refresh()).isFalse();
        assertThat(lists.fileRefused()).isTrue();
        assertThatThrownBy(() -> lists.check(chain(stolen))).isInstanceOf(CertificateRevokedException.class);
    }

    /** Of two lists of one CA in a file, the newer counts, in either order: it can lift a hold the older one listed. */
    @Test
    void ofTwoListsOfOneCaInAFileTheNewerCounts() throws Exception {
        String newer = pem(crl(ca, NOW.minusSeconds(60)));
        String older = pem(crl(ca, NOW.minusSeconds(600), stolen.certificate()));
        for (String content : List.of(newer + older, older + newer)) {
            Path file = dir.resolve("two.crl");
            Files.writeString(file, content);
            RevocationLists lists = RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, CLOCK);

            assertThatCode(() -> lists.check(chain(stolen))).doesNotThrowAnyException();
            assertThat(lists.revokedCount()).isZero();
        }
    }

    /** Issued at the same time, the higher CRL number is the newer list. */
    @Test
    void ofTwoListsIssuedAtOnceTheHigherNumberCounts() throws Exception {
        Instant issued = NOW.minusSeconds(60);
        Path file = dir.resolve("two.crl");
        Files.writeString(file, pem(DevCertificates.revocationList(ca, List.of(stolen.certificate()), issued, NOW.plusSeconds(3600),
                BigInteger.valueOf(8))) + pem(DevCertificates.revocationList(ca, List.of(), issued, NOW.plusSeconds(3600),
                BigInteger.valueOf(7))));
        RevocationLists lists = RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, CLOCK);

        assertThatThrownBy(() -> lists.check(chain(stolen))).isInstanceOf(CertificateRevokedException.class);
    }

    /** A CA rebuilt under its name starts its numbers again: its later lists still replace the ones in force. */
    @Test
    void aLaterListWithALowerNumberTakesEffect() {
        Path file = write("ca.crl", DevCertificates.revocationList(ca, List.of(stolen.certificate()), NOW.minusSeconds(600),
                NOW.plusSeconds(3600), BigInteger.valueOf(5_000)));
        RevocationLists lists = RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, CLOCK);

        write("ca.crl", DevCertificates.revocationList(ca, List.of(), NOW.minusSeconds(60), NOW.plusSeconds(3600), BigInteger.ONE));
        assertThat(lists.refresh()).isTrue();
        assertThatCode(() -> lists.check(chain(stolen))).doesNotThrowAnyException();
    }

    /** A delta CRL would be taken for the whole list, an indirect one's entries never found: both are refused. */
    @Test
    void deltaAndIndirectListsAreRefusedNamingTheCa() throws Exception {
        X509v2CRLBuilder delta = builder().addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.ONE));
        X509v2CRLBuilder indirect = builder().addCRLEntry(stolen.certificate().getSerialNumber(), Date.from(NOW),
                new Extensions(new Extension(Extension.certificateIssuer, true,
                        new GeneralNames(new GeneralName(new X500Name("CN=Another CA"))).getEncoded())));
        for (X509v2CRLBuilder unsupported : List.of(delta, indirect)) {
            X509CRL crl = new JcaX509CRLConverter().getCRL(
                    unsupported.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.privateKey())));
            Path file = write("unsupported.crl", crl);
            assertThatThrownBy(() -> RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, CLOCK))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Hospital CA")
                    .hasMessageMatching("(?s).*(delta|indirect) CRL.*");
        }
    }

    @Test
    void aListGoingPastItsNextUpdateWhileInForceIsCountedStale() {
        MovableClock clock = new MovableClock(NOW);
        Path file = write("ca.crl", DevCertificates.revocationList(ca, List.of(stolen.certificate()), NOW.minusSeconds(60),
                NOW.plusSeconds(3600)));
        RevocationLists lists = RevocationLists.read(file, new X509Certificate[] {ca.certificate()}, clock);
        assertThat(lists.stale()).isZero();

        clock.set(NOW.plusSeconds(7200));
        lists.refresh();

        assertThat(lists.stale()).isEqualTo(1);
        assertThatThrownBy(() -> lists.check(chain(stolen))).isInstanceOf(CertificateRevokedException.class);
    }

    /** An unrelated certificate sent after the device's own must not stop the walk up to a revoked trusted intermediate. */
    @Test
    void anUnrelatedCertificateAtTheEndOfTheChainDoesNotHideARevokedIntermediate() {
        DevCertificates.Issued ward = DevCertificates.certificateAuthority(ca, "Ward CA", NOW.minusSeconds(3600),
                NOW.plus(Duration.ofDays(365)));
        DevCertificates.Issued pump = device(ward, "CN=ward-pump");
        DevCertificates.Issued unrelated = DevCertificates.certificateAuthority("Unrelated", NOW.minusSeconds(3600),
                NOW.plus(Duration.ofDays(365)));
        RevocationLists lists = RevocationLists.read(write("root.crl", crl(ca, ward.certificate())),
                new X509Certificate[] {ca.certificate(), ward.certificate()}, CLOCK);

        assertThatThrownBy(() -> lists.check(new X509Certificate[] {pump.certificate(), unrelated.certificate()}))
                .isInstanceOf(CertificateRevokedException.class);
    }

    /**
     * An intermediate CA kept among the trusted ones need not be sent by its devices, yet the root may revoke it: the
     * check goes on above the chain, through the trusted CAs that issued it.
     */
    @Test
    void anIntermediateTrustedCaItsRootRevokedRefusesItsDevicesThoughTheyDoNotSendIt() {
        DevCertificates.Issued ward = DevCertificates.certificateAuthority(ca, "Ward CA", NOW.minusSeconds(3600),
                NOW.plus(Duration.ofDays(365)));
        DevCertificates.Issued pump = device(ward, "CN=ward-pump");
        Path file = write("root.crl", crl(ca, ward.certificate()));
        RevocationLists lists = RevocationLists.read(file, new X509Certificate[] {ca.certificate(), ward.certificate()}, CLOCK);

        assertThatThrownBy(() -> lists.check(chain(pump))).isInstanceOf(CertificateRevokedException.class);
        assertThatCode(() -> lists.check(chain(modality))).doesNotThrowAnyException();
    }

    @Test
    void theCrlNumberIsReadFromItsExtension() {
        assertThat(RevocationLists.crlNumber(crl(ca, Instant.ofEpochMilli(1_000_000_123_456L))))
                .isEqualTo(BigInteger.valueOf(1_000_000_123_456L));
    }

    /**
     * A list of a CA that is not trusted itself (an intermediate) counts only when a certificate of that name in the
     * chain verifies it, wherever the device placed it: a look-alike before the real issuer does not hide the list.
     */
    @Test
    void anIntermediateListCountsWhenTheIssuerInTheChainVerifiesItWhereverItStands() {
        DevCertificates.Issued intermediate = DevCertificates.certificateAuthority("Ward CA", NOW.minusSeconds(3600),
                NOW.plus(Duration.ofDays(365)));
        DevCertificates.Issued lookAlike = DevCertificates.certificateAuthority("Ward CA", NOW.minusSeconds(3600),
                NOW.plus(Duration.ofDays(365)));
        DevCertificates.Issued wardDevice = device(intermediate, "CN=ward-pump");
        RevocationLists lists = read(crl(intermediate, wardDevice.certificate()));

        assertThatThrownBy(() -> lists.check(new X509Certificate[] {wardDevice.certificate(), intermediate.certificate()}))
                .isInstanceOf(CertificateRevokedException.class);
        assertThatThrownBy(() -> lists.check(new X509Certificate[] {wardDevice.certificate(), lookAlike.certificate(),
                intermediate.certificate()})).isInstanceOf(CertificateRevokedException.class);
        assertThatCode(() -> lists.check(new X509Certificate[] {wardDevice.certificate(), lookAlike.certificate()}))
                .as("no certificate verifies the list: it is not the issuer's").doesNotThrowAnyException();
    }

    private RevocationLists read(X509CRL crl) {
        return RevocationLists.read(write("lists.crl", crl), new X509Certificate[] {ca.certificate()}, CLOCK);
    }

    private Path write(String name, X509CRL crl) {
        Path file = dir.resolve(name);
        PemFiles.writeRevocationList(file, crl);
        return file;
    }

    private static X509CRL crl(DevCertificates.Issued issuer, X509Certificate... revoked) {
        return crl(issuer, NOW.minusSeconds(60), revoked);
    }

    private static X509CRL crl(DevCertificates.Issued issuer, Instant issued, X509Certificate... revoked) {
        return DevCertificates.revocationList(issuer, List.of(revoked), issued, NOW.plus(Duration.ofDays(7)));
    }

    private X509v2CRLBuilder builder() throws Exception {
        return new JcaX509v2CRLBuilder(ca.certificate(), Date.from(NOW.minusSeconds(60))).setNextUpdate(Date.from(NOW.plusSeconds(3600)));
    }


    private static String pem(X509CRL crl) throws Exception {
        return "-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder().encodeToString(crl.getEncoded())
                + "\n-----END X509 CRL-----\n";
    }

    private static X509Certificate[] chain(DevCertificates.Issued device) {
        return new X509Certificate[] {device.certificate()};
    }

    private static DevCertificates.Issued device(DevCertificates.Issued issuer, String subject) {
        return DevCertificates.leaf(issuer, subject, DevCertificates.Purpose.CLIENT, List.of(), List.of(), NOW.minusSeconds(3600),
                NOW.plus(Duration.ofDays(30)));
    }
}

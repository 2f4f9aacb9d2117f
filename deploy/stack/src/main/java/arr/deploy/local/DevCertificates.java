package arr.deploy.local;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway X.509 material for development and tests (EC P-256, SHA-256): a CA, server certificates
 * with IP and DNS names, and client certificates for devices. Validity is a parameter, so tests can make
 * expired certificates and certificates from a second CA for the negative TLS cases.
 */
public final class DevCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DevCertificates() {
    }

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {

        /** Writes the certificate and its key (mode 0600) as PEM. */
        public void writeTo(java.nio.file.Path certificateFile, java.nio.file.Path keyFile) {
            PemFiles.writeCertificate(certificateFile, certificate);
            PemFiles.writePrivateKey(keyFile, privateKey, certificate.getPublicKey());
        }
    }

    /** What a leaf certificate is for. */
    public enum Purpose {
        SERVER(KeyPurposeId.id_kp_serverAuth),
        CLIENT(KeyPurposeId.id_kp_clientAuth);

        private final KeyPurposeId keyPurpose;

        Purpose(KeyPurposeId keyPurpose) {
            this.keyPurpose = keyPurpose;
        }
    }

    public static Issued certificateAuthority(String commonName, Instant notBefore, Instant notAfter) {
        return certificateAuthority(null, commonName, notBefore, notAfter);
    }

    /** A CA certificate issued by {@code parent} (an intermediate CA), or self-signed when {@code parent} is null. */
    public static Issued certificateAuthority(Issued parent, String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=" + commonName + ",O=Audit Record Repository (development)");
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = (parent == null
                    ? new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore), Date.from(notAfter), name, keys.getPublic())
                    : new JcaX509v3CertificateBuilder(parent.certificate(), serial(), Date.from(notBefore), Date.from(notAfter),
                            name, keys.getPublic()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(sign(builder, parent == null ? keys.getPrivate() : parent.privateKey()), keys.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    /**
     * A leaf certificate signed by {@code ca}.
     *
     * @param subject  an X.500 name such as {@code CN=device-1,OU=devices}
     * @param dnsNames subject alternative DNS names
     * @param ips      subject alternative IP addresses
     */
    public static Issued leaf(Issued ca, String subject, Purpose purpose, List<String> dnsNames, List<String> ips,
                              Instant notBefore, Instant notAfter) {
        KeyPair keys = newKeyPair();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name(subject), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose.keyPurpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(ca.certificate()));
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
            ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new Issued(sign(builder, ca.privateKey()), keys.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the certificate for " + subject, e);
        }
    }

    /**
     * A certificate revocation list of {@code ca} naming {@code revoked} (reason key compromise), issued at
     * {@code thisUpdate} with its next update due at {@code nextUpdate}; for tests of a collector's revocation checks.
     */
    public static X509CRL revocationList(Issued ca, List<X509Certificate> revoked, Instant thisUpdate, Instant nextUpdate) {
        // Numbered by its issue time, so that a later list has the higher number, as RFC 5280 asks.
        return revocationList(ca, revoked, thisUpdate, nextUpdate, BigInteger.valueOf(thisUpdate.toEpochMilli()));
    }

    /** The same, with its CRL number given. */
    public static X509CRL revocationList(Issued ca, List<X509Certificate> revoked, Instant thisUpdate, Instant nextUpdate,
                                         BigInteger number) {
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.certificate(), Date.from(thisUpdate))
                    .setNextUpdate(Date.from(nextUpdate))
                    .addExtension(Extension.cRLNumber, false, new CRLNumber(number))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            revoked.forEach(c -> builder.addCRLEntry(c.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise));
            return new JcaX509CRLConverter().getCRL(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.privateKey())));
        } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build the revocation list", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JDK", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}

package arr.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Set;

/** Reads and writes PEM certificates and unencrypted PKCS#8 keys; secrets are created with mode 0600. */
public final class PemFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private PemFiles() {
    }

    public static void writeCertificate(Path file, X509Certificate certificate) {
        try {
            write(file, pem("CERTIFICATE", certificate.getEncoded()), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /** Writes a certificate revocation list as PEM ({@code X509 CRL}, as OpenSSL writes it). */
    public static void writeRevocationList(Path file, java.security.cert.X509CRL crl) {
        try {
            write(file, pem("X509 CRL", crl.getEncoded()), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode revocation list", e);
        }
    }

    /**
     * Writes an unencrypted PKCS#8 key. For EC keys the public point is included in the inner
     * ECPrivateKey: the JDK leaves it out (it is optional), but GnuTLS, and so rsyslog's gtls driver,
     * refuses a key without it.
     */
    public static void writePrivateKey(Path file, java.security.PrivateKey key, java.security.PublicKey publicKey) {
        write(file, pem("PRIVATE KEY", withPublicKey(key, publicKey)), true);
    }

    private static byte[] withPublicKey(java.security.PrivateKey key, java.security.PublicKey publicKey) {
        if (!(key instanceof java.security.interfaces.ECPrivateKey ec)) {
            return key.getEncoded();
        }
        try {
            org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
            org.bouncycastle.asn1.DERBitString point = new org.bouncycastle.asn1.DERBitString(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                    .getInstance(publicKey.getEncoded()).getPublicKeyData().getOctets());
            int orderBits = ec.getParams().getOrder().bitLength();
            org.bouncycastle.asn1.sec.ECPrivateKey inner = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, ec.getS(), point, null);
            return new org.bouncycastle.asn1.pkcs.PrivateKeyInfo(info.getPrivateKeyAlgorithm(), inner).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the private key", e);
        }
    }

    public static X509Certificate readCertificate(Path file) {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (GeneralSecurityException e) {
            throw new StackException(file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** Writes {@code content} so that a secret is never readable by others, not even for a moment. */
    public static void write(Path file, String content, boolean secret) {
        try {
            Files.createDirectories(file.getParent());
            if (secret) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (secret) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}

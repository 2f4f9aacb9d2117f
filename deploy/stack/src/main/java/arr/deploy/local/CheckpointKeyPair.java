package arr.deploy.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/**
 * The Ed25519 key pair that signs the indexer's chain checkpoints, in {@code <state>/keys/}: {@code checkpoint.key}
 * (PKCS#8, mode 0600, given to the indexer only) and {@code checkpoint.pub} (what {@code deploy/bin/verify} uses).
 * Made once; never in Elasticsearch, never in the repository.
 */
public record CheckpointKeyPair(Path dir) {

    public Path privateKey() {
        return dir.resolve("checkpoint.key");
    }

    public Path publicKey() {
        return dir.resolve("checkpoint.pub");
    }

    /** Makes the pair when either file is missing; returns whether it did. */
    public boolean ensure() {
        if (Files.isRegularFile(privateKey()) && Files.isRegularFile(publicKey())) {
            return false;
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
        PemFiles.write(privateKey(), PemFiles.pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        PemFiles.write(publicKey(), PemFiles.pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
        return true;
    }
}

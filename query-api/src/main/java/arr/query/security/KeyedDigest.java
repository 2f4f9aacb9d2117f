package arr.query.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a user name and a password under a random key that lives only in this process: what a verified
 * password is remembered as, so that neither the password nor a digest anyone could recompute is ever kept.
 */
final class KeyedDigest {

    private final byte[] key = new byte[32];

    KeyedDigest() {
        new SecureRandom().nextBytes(key);
    }

    byte[] of(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

package arr.query.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks a password against a BCrypt hash. BCrypt is slow on purpose (cost 10: ~70 ms here), which HTTP Basic would
 * pay on every request; so after one successful check, a keyed digest of that user's password (HMAC with a key that
 * lives only in this process) is remembered and the next requests compare against it. Failures are never cached,
 * so every wrong guess pays the full BCrypt cost (and the login throttle counts it).
 */
public final class PasswordVerifier {

    private final byte[] key = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    public PasswordVerifier() {
        new SecureRandom().nextBytes(key);
    }

    /** Whether this user's password was already verified once in this process: a check that costs no BCrypt. */
    public boolean remembered(String user, String password) {
        byte[] known = verified.get(user);
        return known != null && MessageDigest.isEqual(known, digest(user, password));
    }

    /** Whether a password of this user was verified in this process: one compared with it is a guess, to be counted. */
    public boolean knows(String user) {
        return verified.containsKey(user);
    }

    public boolean matches(String user, String password, String bcryptHash) {
        if (remembered(user, password)) {
            return true;
        }
        byte[] digest = digest(user, password);
        boolean ok;
        try {
            ok = OpenBSDBCrypt.checkPassword(bcryptHash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the configured password hash of user " + user + " is not a BCrypt hash", e);
        }
        if (ok) {
            verified.put(user, digest);
        }
        return ok;
    }

    private byte[] digest(String user, String password) {
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

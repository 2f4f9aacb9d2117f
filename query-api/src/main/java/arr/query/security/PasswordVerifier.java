package arr.query.security;

import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks a password against a BCrypt hash. BCrypt is slow on purpose (cost 10: ~70 ms here), which HTTP Basic would
 * pay on every request; so after one successful check, a keyed digest of that user's password (HMAC with a key that
 * lives only in this process) is remembered and the next requests compare against it. Failures are never cached,
 * so every wrong guess pays the full BCrypt cost (and the login throttle counts it).
 */
public final class PasswordVerifier {

    private final KeyedDigest digests = new KeyedDigest();
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    /** Whether this user's password was already verified once in this process: a check that costs no BCrypt. */
    public boolean remembered(String user, String password) {
        byte[] known = verified.get(user);
        return known != null && MessageDigest.isEqual(known, digests.of(user, password));
    }

    /** Whether a password of this user was verified in this process: one compared with it is a guess, to be counted. */
    public boolean knows(String user) {
        return verified.containsKey(user);
    }

    public boolean matches(String user, String password, String bcryptHash) {
        if (remembered(user, password)) {
            return true;
        }
        byte[] digest = digests.of(user, password);
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
}

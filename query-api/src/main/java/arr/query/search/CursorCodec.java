package arr.query.search;

import arr.query.api.BadRequestException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes cursors opaque and unforgeable: {@code base64url(json) "." base64url(HMAC-SHA256(key, json))}. Any changed
 * byte breaks the signature and is answered 400; the key never leaves the server.
 */
public final class CursorCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    static final int MAX_LENGTH = 65_536;

    private final SecretKeySpec key;

    public CursorCodec(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the cursor key must have at least 32 bytes, has " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** Reads the key file named by {@code AUDIT_CURSOR_KEY}: base64 text of at least 32 random bytes. */
    public static CursorCodec fromKeyFile(Path file) {
        try {
            return new CursorCodec(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cursor key AUDIT_CURSOR_KEY=" + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the cursor key AUDIT_CURSOR_KEY=" + file + " is not base64 of 32 or more bytes", e);
        }
    }

    public String encode(PageCursor cursor) {
        try {
            byte[] payload = JSON.writeValueAsBytes(cursor);
            return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws BadRequestException for anything but an unchanged cursor this server issued */
    public PageCursor decode(String cursor) {
        int dot = cursor.indexOf('.');
        if (cursor.length() > MAX_LENGTH || dot < 0) {
            throw invalid();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(cursor.substring(0, dot));
            signature = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        // The decoder tolerates padding and unused low bits; only the exact encoding this server wrote is accepted.
        if (!(ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(signature)).equals(cursor)) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            throw invalid();
        }
        try {
            return JSON.readValue(payload, PageCursor.class);
        } catch (IOException e) {
            throw invalid();
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static BadRequestException invalid() {
        return new BadRequestException("the cursor is not valid: pass the 'next' value of the previous page unchanged");
    }

    @Override
    public String toString() {
        return "CursorCodec[key hidden]";
    }
}

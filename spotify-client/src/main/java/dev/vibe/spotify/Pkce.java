package dev.vibe.spotify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PKCE pair (RFC 7636): a random code verifier kept by the app and its S256 challenge sent with the authorize link.
 * The token request proves the app started the sign-in by sending the verifier; no client secret is needed.
 */
public record Pkce(String verifier, String challenge) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    public static Pkce generate() {
        byte[] bytes = new byte[64];
        RANDOM.nextBytes(bytes);
        String verifier = URL.encodeToString(bytes); // 86 characters of [A-Za-z0-9-_], within RFC 7636's 43..128
        return new Pkce(verifier, challengeOf(verifier));
    }

    /** BASE64URL(SHA-256(verifier)) without padding. */
    public static String challengeOf(String verifier) {
        try {
            return URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random value for the authorize link's {@code state}, checked when Spotify redirects back. */
    public static String state() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "Pkce[verifier=***, challenge=" + challenge + "]";
    }
}

package dev.vibe.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.vibe.fakes.SpotifyResponses.JSON;
import static dev.vibe.fakes.SpotifyResponses.encode;
import static dev.vibe.fakes.SpotifyResponses.error;
import static dev.vibe.fakes.SpotifyResponses.form;
import static dev.vibe.fakes.SpotifyResponses.html;
import static dev.vibe.fakes.SpotifyResponses.json;
import static dev.vibe.fakes.SpotifyResponses.tokenError;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts service of {@link FakeSpotify} (accounts.spotify.com): the authorize page (PKCE, loopback redirects
 * only), {@code /api/token} (client credentials, authorization code, refresh token) and the access tokens it hands
 * out, which the Web API side checks through {@link #bearer}. Tokens expire by the fake's clock.
 */
final class FakeSpotifyAccounts {

    record Token(String clientId, String user, Instant expires, String scope) {
        boolean isUser() {
            return user != null;
        }
    }

    private record Code(String clientId, String redirectUri, String challenge, String user, String scope) {
    }

    private record Refresh(String clientId, String user, String scope) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private volatile String signedIn = FakeSpotify.LISTENER;
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Clock clock = Clock.systemUTC();

    void reset() {
        tokens.clear();
        codes.clear();
        refreshTokens.clear();
        signedIn = FakeSpotify.LISTENER;
        tokenLifetime = Duration.ofHours(1);
        clock = Clock.systemUTC();
    }

    void signIn(String userId) {
        signedIn = userId;
    }

    void tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    void advanceClock(Duration by) {
        clock = Clock.offset(clock, by);
    }

    /** A user access token as the PKCE sign-in would give. */
    String userToken(String user) {
        String token = "user-" + UUID.randomUUID();
        tokens.put(token, new Token(FakeSpotify.CLIENT_ID, user, clock.instant().plus(tokenLifetime), "playlist-read-private playlist-read-collaborative playlist-modify-private"));
        return token;
    }

    ResponseDefinition authorize(Map<String, String> q) {
        if (!FakeSpotify.CLIENT_ID.equals(q.get("client_id"))) {
            return html(400, "INVALID_CLIENT: Invalid client");
        }
        String redirect = q.getOrDefault("redirect_uri", "");
        if (!redirect.startsWith("http://127.0.0.1:")) {
            return html(400, "INVALID_CLIENT: Insecure redirect URI (use a loopback IP literal, http://127.0.0.1:PORT/...)");
        }
        if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null) {
            return html(400, "INVALID_REQUEST: response_type=code, code_challenge_method=S256 and code_challenge are required");
        }
        String code = "code-" + UUID.randomUUID();
        codes.put(code, new Code(FakeSpotify.CLIENT_ID, redirect, q.get("code_challenge"), signedIn, q.getOrDefault("scope", "")));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + (q.containsKey("state") ? "&state=" + encode(q.get("state")) : "");
        return aResponse().withStatus(302).withHeader("Location", location).build();
    }

    ResponseDefinition token(Request r) {
        Map<String, String> f = form(r.getBodyAsString());
        String grant = f.getOrDefault("grant_type", "");
        switch (grant) {
            case "client_credentials" -> {
                String basic = "Basic " + Base64.getEncoder().encodeToString((FakeSpotify.CLIENT_ID + ":" + FakeSpotify.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
                if (!basic.equals(r.getHeader("Authorization"))) {
                    return tokenError("invalid_client", "Invalid client");
                }
                String token = "app-" + UUID.randomUUID();
                tokens.put(token, new Token(FakeSpotify.CLIENT_ID, null, clock.instant().plus(tokenLifetime), ""));
                ObjectNode o = JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer").put("expires_in", tokenLifetime.toSeconds());
                return json(200, o);
            }
            case "authorization_code" -> {
                Code c = codes.remove(f.getOrDefault("code", ""));
                if (c == null) {
                    return tokenError("invalid_grant", "Invalid authorization code");
                }
                if (!c.clientId().equals(f.get("client_id"))) {
                    return tokenError("invalid_client", "Invalid client");
                }
                if (!c.redirectUri().equals(f.get("redirect_uri"))) {
                    return tokenError("invalid_grant", "Invalid redirect URI");
                }
                if (f.get("code_verifier") == null || !s256(f.get("code_verifier")).equals(c.challenge())) {
                    return tokenError("invalid_grant", "code_verifier was incorrect");
                }
                return userTokens(c.clientId(), c.user(), c.scope());
            }
            case "refresh_token" -> {
                Refresh old = refreshTokens.remove(f.getOrDefault("refresh_token", ""));
                if (old == null) {
                    return tokenError("invalid_grant", "Invalid refresh token");
                }
                if (!old.clientId().equals(f.get("client_id"))) {
                    return tokenError("invalid_client", "Invalid client");
                }
                return userTokens(old.clientId(), old.user(), old.scope());
            }
            default -> {
                return tokenError("unsupported_grant_type", "grant_type must be client_credentials, authorization_code or refresh_token");
            }
        }
    }

    private ResponseDefinition userTokens(String clientId, String user, String scope) {
        String access = "user-" + UUID.randomUUID();
        String refresh = "refresh-" + UUID.randomUUID();
        tokens.put(access, new Token(clientId, user, clock.instant().plus(tokenLifetime), scope));
        refreshTokens.put(refresh, new Refresh(clientId, user, scope));
        return json(200, JSON.createObjectNode().put("access_token", access).put("token_type", "Bearer").put("scope", scope)
                .put("expires_in", tokenLifetime.toSeconds()).put("refresh_token", refresh));
    }

    /** The token of a Web API request, or the refusal Spotify gives. */
    Object bearer(Request r) {
        String header = r.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return error(401, "No token provided").build();
        }
        Token t = tokens.get(header.substring(7).strip());
        if (t == null) {
            return error(401, "Invalid access token").build();
        }
        if (clock.instant().isAfter(t.expires())) {
            return error(401, "The access token expired").build();
        }
        return t;
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

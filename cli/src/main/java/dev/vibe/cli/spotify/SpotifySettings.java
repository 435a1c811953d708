package dev.vibe.cli.spotify;

import dev.vibe.spotify.SpotifyEndpoints;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the CLI reaches Spotify for the signed-in listener: the app's client id (CLIENT_ID from the environment or
 * .env; no secret is needed with PKCE), where Spotify is ({@code vibe.spotify.api-url} / {@code VIBE_SPOTIFY_API_URL},
 * {@code vibe.spotify.accounts-url} / {@code VIBE_SPOTIFY_ACCOUNTS_URL}: local fakes in tests), the loopback port of
 * the sign-in redirect ({@code VIBE_LOGIN_PORT}, 8888) and where the tokens are kept
 * ({@code VIBE_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/vibe}, else {@code ~/.config/vibe}).
 */
public record SpotifySettings(String clientId, String clientSecret, SpotifyEndpoints endpoints, int redirectPort, Path tokenFile) {

    static final int DEFAULT_REDIRECT_PORT = 8888;

    public static SpotifySettings from(Map<String, String> dotEnv) {
        String clientId = blankToNull(dotEnv.get("CLIENT_ID"));
        String secret = blankToNull(dotEnv.get("CLIENT_SECRET"));
        URI api = URI.create(setting("vibe.spotify.api-url", "VIBE_SPOTIFY_API_URL", SpotifyEndpoints.API.toString()));
        URI accounts = URI.create(setting("vibe.spotify.accounts-url", "VIBE_SPOTIFY_ACCOUNTS_URL", SpotifyEndpoints.ACCOUNTS.toString()));
        String port = setting("vibe.login.port", "VIBE_LOGIN_PORT", Integer.toString(DEFAULT_REDIRECT_PORT));
        int redirectPort;
        try {
            redirectPort = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("VIBE_LOGIN_PORT must be a port number, got '" + port + "'");
        }
        return new SpotifySettings(clientId, secret, new SpotifyEndpoints(api, accounts, 20_000), redirectPort, configDir().resolve("spotify-token.json"));
    }

    /** The redirect URI to register in the app's settings on Spotify's dashboard. */
    public URI redirectUri() {
        return URI.create("http://127.0.0.1:" + redirectPort + "/callback");
    }

    public String requireClientId() {
        if (clientId == null) {
            throw new IllegalArgumentException("CLIENT_ID is not set: put your Spotify app's client id in .env (CLIENT_ID=...) or the "
                    + "environment (developer.spotify.com/dashboard; see the README's Spotify section)");
        }
        return clientId;
    }

    static Path configDir() {
        String dir = setting("vibe.config.dir", "VIBE_CONFIG_DIR", "");
        if (!dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".config") : Path.of(xdg)).resolve("vibe");
    }

    private static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "SpotifySettings[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "none" : "***") + ", redirectPort="
                + redirectPort + ", tokenFile=" + tokenFile + "]";
    }
}

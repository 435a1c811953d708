package dev.vibe.spotify;

import se.michaelthelin.spotify.SpotifyApi;

import java.net.URI;

/**
 * Where Spotify is: its Web API and its accounts service (a local fake in tests). Builds spotify-web-api-java clients
 * that go there, including the token requests the library sends to a fixed accounts host.
 */
public final class SpotifyEndpoints {

    public static final URI API = URI.create("https://api.spotify.com");
    public static final URI ACCOUNTS = URI.create("https://accounts.spotify.com");

    private final URI api;
    private final URI accounts;
    private final RebasedHttpManager httpManager;

    public SpotifyEndpoints(URI api, URI accounts, int timeoutMillis) {
        this.api = api;
        this.accounts = accounts;
        this.httpManager = new RebasedHttpManager(URI.create(accounts.getScheme() + "://" + accounts.getHost() + ":" + port(accounts)), timeoutMillis);
    }

    public URI api() {
        return api;
    }

    public URI accounts() {
        return accounts;
    }

    /** A client builder for this API and accounts service; add the client id, tokens or redirect URI. */
    public SpotifyApi.Builder builder() {
        return new SpotifyApi.Builder().setScheme(api.getScheme()).setHost(api.getHost()).setPort(port(api)).setHttpManager(httpManager);
    }

    /** A client that calls the Web API with this access token (a user's or an app's). */
    public SpotifyApi withAccessToken(String accessToken) {
        return builder().setAccessToken(accessToken).build();
    }

    /** A link the library built for Spotify's accounts host, pointed at the configured accounts service. */
    public URI rebase(URI accountsLink) {
        return httpManager.rebase(accountsLink);
    }

    static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : ("http".equals(uri.getScheme()) ? 80 : 443);
    }
}

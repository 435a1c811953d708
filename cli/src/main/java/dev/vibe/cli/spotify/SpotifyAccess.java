package dev.vibe.cli.spotify;

/**
 * How an import reaches Spotify: the signed-in listener's token (what every app created today needs), or the app's
 * client credentials (apps with extended access).
 */
public record SpotifyAccess(String clientId, String clientSecret, String userToken) {

    /**
     * The access for Spotify imports: the listener's sign-in if there is one for this app, else the app's client
     * credentials if its secret is known (apps with extended access), else an error that says to sign in.
     */
    public static SpotifyAccess forImports(SpotifySettings settings) {
        var tokens = new SpotifySignIn(settings).freshIfSignedIn();
        if (tokens.isPresent()) {
            return new SpotifyAccess(settings.clientId(), null, tokens.get().accessToken());
        }
        if (settings.clientId() != null && settings.clientSecret() != null) {
            return clientCredentials(settings);
        }
        throw new IllegalStateException("sign in to Spotify first (./vibe login): since February 2026 Spotify shows a playlist's songs "
                + "only to the listener who owns it; or export the playlist with Exportify (exportify.net) and import the CSV");
    }

    /** The app's client credentials, for apps with extended access. */
    public static SpotifyAccess clientCredentials(SpotifySettings settings) {
        return new SpotifyAccess(settings.clientId(), settings.clientSecret(), null);
    }

    @Override
    public String toString() {
        return "SpotifyAccess[clientId=" + clientId + ", clientSecret=***, userToken=***]";
    }
}

package dev.vibe.cli.spotify;

import dev.vibe.spotify.Pkce;
import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;
import se.michaelthelin.spotify.model_objects.credentials.AuthorizationCodeCredentials;
import se.michaelthelin.spotify.model_objects.specification.User;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signs the listener in to Spotify with Authorization Code and PKCE (no client secret), keeps the tokens in the
 * listener's own file and refreshes them before they expire. The authorize link is printed (and opened in a browser
 * where there is one); Spotify redirects to {@code http://127.0.0.1:PORT/callback}, served by {@link SignInCallback}
 * for the one request.
 */
public final class SpotifySignIn {

    static final String SCOPES = "playlist-read-private playlist-read-collaborative playlist-modify-private";
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final SpotifySettings settings;

    public SpotifySignIn(SpotifySettings settings) {
        this.settings = settings;
    }

    /** The sign-in: the link, the redirect, the code exchanged for tokens (with the verifier), the tokens stored. */
    public SpotifyTokens login(PrintStream out, Duration timeout, boolean openBrowser) {
        String clientId = settings.requireClientId();
        Pkce pkce = Pkce.generate();
        String state = Pkce.state();
        SpotifyApi api = settings.endpoints().builder().setClientId(clientId).setRedirectUri(settings.redirectUri()).build();
        try (SignInCallback callback = SignInCallback.listen(settings.redirectPort(), state)) {
            URI authorize = settings.endpoints().rebase(api.authorizationCodePKCEUri(pkce.challenge()).scope(SCOPES).state(state).build().execute());
            out.println("Sign in to Spotify in your browser; if it does not open, open this link:");
            out.println(authorize);
            out.println("(waiting for Spotify to send you back to " + settings.redirectUri() + " ...)");
            out.flush();
            if (openBrowser) {
                Browser.open(authorize);
            }
            String authorizationCode = callback.awaitCode(timeout);
            AuthorizationCodeCredentials credentials = SpotifyCalls.call(() -> api.authorizationCodePKCE(authorizationCode, pkce.verifier()).build().execute(),
                    "Spotify refused the sign-in code");
            User me = SpotifyCalls.call(() -> settings.endpoints().withAccessToken(credentials.getAccessToken()).getCurrentUsersProfile().build().execute(),
                    "Spotify refused the new sign-in");
            SpotifyTokens tokens = new SpotifyTokens(clientId, me.getId(), me.getDisplayName(), credentials.getAccessToken(),
                    credentials.getRefreshToken(), Instant.now().plusSeconds(credentials.getExpiresIn()), credentials.getScope());
            tokens.write(settings.tokenFile());
            return tokens;
        }
    }

    /** The stored tokens, refreshed first if they expire within a minute. */
    public SpotifyTokens fresh() {
        String clientId = settings.requireClientId();
        SpotifyTokens tokens = SpotifyTokens.read(settings.tokenFile())
                .orElseThrow(() -> new IllegalStateException("not signed in to Spotify: run ./vibe login first"));
        if (!tokens.clientId().equals(clientId)) {
            throw new IllegalStateException("signed in to Spotify with another app (client id " + tokens.clientId() + "): run ./vibe login again");
        }
        if (!tokens.expiresWithin(REFRESH_MARGIN)) {
            return tokens;
        }
        SpotifyApi api = settings.endpoints().builder().setClientId(clientId).build();
        AuthorizationCodeCredentials c;
        try {
            c = api.authorizationCodePKCERefresh(clientId, tokens.refreshToken()).build().execute();
        } catch (BadRequestException | UnauthorizedException e) {
            // the refresh token was revoked or has expired: only a new sign-in helps
            throw new Expired("Spotify did not renew your sign-in; run ./vibe login again (" + e.getMessage() + ")");
        } catch (SpotifyWebApiException | ParseException e) {
            throw new IllegalStateException("Spotify did not renew your sign-in: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Spotify (" + e.getMessage() + ")");
        }
        SpotifyTokens renewed = new SpotifyTokens(clientId, tokens.user(), tokens.displayName(), c.getAccessToken(),
                c.getRefreshToken() == null || c.getRefreshToken().isBlank() ? tokens.refreshToken() : c.getRefreshToken(),
                Instant.now().plusSeconds(c.getExpiresIn()), c.getScope() == null ? tokens.scope() : c.getScope());
        renewed.write(settings.tokenFile());
        return renewed;
    }

    /** Spotify refused to renew the sign-in (revoked or expired refresh token): the listener has to sign in again. */
    public static final class Expired extends IllegalStateException {
        Expired(String message) {
            super(message);
        }
    }

    /** The stored tokens if the listener signed in with this app, refreshed as needed; empty if not signed in. */
    public Optional<SpotifyTokens> freshIfSignedIn() {
        if (settings.clientId() == null || SpotifyTokens.read(settings.tokenFile()).filter(t -> t.clientId().equals(settings.clientId())).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fresh());
    }
}
